"""The working-day calendar: read a year, and load a year's official schedule (admin)."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web

from core.appkeys import CALENDAR
from miniapp_api.admin.schemas import YearParams, YearScheduleIn, YearScheduleOut
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.calendar_service import CalendarService

table = OperationTable(tags=("calendar",), audience="public")


@table.get("/api/calendar/{year}", "getCalendarYear")
async def get_calendar_year(
    request: web.Request, params: YearParams, calendar: WorkingCalendar
) -> YearScheduleOut:
    """Holidays and adjusted working weekends of a year"""
    return await _year_schedule(request.app[CALENDAR], calendar, params.year)


async def _year_schedule(
    service: CalendarService, calendar: WorkingCalendar, year: int
) -> YearScheduleOut:
    day, end = date(year, 1, 1), date(year, 12, 31)
    off, on, working = [], [], 0
    while day <= end:
        is_working = calendar.is_working_day(day)
        working += is_working
        if day.weekday() < 5 and not is_working:
            off.append(day)
        elif day.weekday() >= 5 and is_working:
            on.append(day)
        day += timedelta(days=1)
    known = calendar.knows_year(year) or await service.has_official_year(year)
    return YearScheduleOut(
        year=year,
        official_schedule_known=known,
        days_off_on_weekdays=off,
        working_weekend_days=on,
        working_days=working,
    )


@table.put(
    "/api/admin/calendar/{year}", "loadCalendarYear", audience="staff", roles=(StaffRole.ADMIN,)
)
async def load_calendar_year(
    request: web.Request, principal: Principal, params: YearParams, body: YearScheduleIn
) -> YearScheduleOut:
    """Load a year's official holiday schedule (for years chinesecalendar does not know)"""
    await request.app[CALENDAR].load_official_year(
        principal.actor,
        params.year,
        [(d.day, d.name) for d in body.holidays],
        [(d.day, d.name) for d in body.workdays],
    )
    service = request.app[CALENDAR]
    return await _year_schedule(service, await service.current(), params.year)
