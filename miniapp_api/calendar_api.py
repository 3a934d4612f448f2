"""The working-day calendar: read a year, and load a year's official schedule (admin)."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import CALENDAR
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal

table = OperationTable()


class YearParams(BaseModel):
    year: int = Field(ge=2004, le=2100)


class NamedDay(BaseModel):
    day: date
    name: str = Field(default="", max_length=50)


class YearScheduleIn(BaseModel):
    holidays: list[NamedDay] = Field(max_length=120)
    workdays: list[NamedDay] = Field(max_length=60)


class YearScheduleOut(BaseModel):
    year: int
    official_schedule_known: bool
    days_off_on_weekdays: list[date]
    working_weekend_days: list[date]
    working_days: int


@table.operation(
    "GET",
    "/api/calendar/{year}",
    operation_id="getCalendarYear",
    tags=("calendar",),
    audience="public",
    summary="Holidays and adjusted working weekends of a year",
    path_params=YearParams,
    response=YearScheduleOut,
    errors=(422,),
)
async def get_calendar_year(request: web.Request, params: YearParams) -> YearScheduleOut:
    calendar = await request.app[CALENDAR].current()
    day, end = date(params.year, 1, 1), date(params.year, 12, 31)
    off, on, working = [], [], 0
    while day <= end:
        is_working = calendar.is_working_day(day)
        working += is_working
        if day.weekday() < 5 and not is_working:
            off.append(day)
        elif day.weekday() >= 5 and is_working:
            on.append(day)
        day += timedelta(days=1)
    known = calendar.knows_year(params.year) or await request.app[CALENDAR].has_official_year(
        params.year
    )
    return YearScheduleOut(
        year=params.year,
        official_schedule_known=known,
        days_off_on_weekdays=off,
        working_weekend_days=on,
        working_days=working,
    )


@table.operation(
    "PUT",
    "/api/admin/calendar/{year}",
    operation_id="loadCalendarYear",
    tags=("calendar",),
    audience="staff",
    roles=(StaffRole.ADMIN,),
    summary="Load a year's official holiday schedule (for years chinesecalendar does not know)",
    path_params=YearParams,
    body=YearScheduleIn,
    response=YearScheduleOut,
    errors=(401, 403, 422),
)
async def load_calendar_year(
    request: web.Request, principal: Principal, params: YearParams, body: YearScheduleIn
) -> YearScheduleOut:
    await request.app[CALENDAR].load_official_year(
        principal.actor,
        params.year,
        [(d.day, d.name) for d in body.holidays],
        [(d.day, d.name) for d in body.workdays],
    )
    return await get_calendar_year(request, params=params)
