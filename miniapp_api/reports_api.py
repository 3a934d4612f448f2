"""Weekly supervision reports (通报): getWeeklyReport (JSON) and exportWeeklyReport (CSV, XLSX)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import SETTINGS
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.reports import export
from workflows.reports.reading import weekly_report

TAGS = ("reports",)
ANY_STAFF = tuple(StaffRole)
Value = int | float | None


class ReportQuery(BaseModel):
    week_start: date | None = Field(
        default=None, description="the Monday of a past week; default: the last full week"
    )
    department_id: RowId | None = Field(default=None, description="staff: their own only")
    region: str | None = Field(default=None, min_length=1, max_length=100)


class ExportQuery(ReportQuery):
    format: Literal["csv", "xlsx"] = "csv"


class PeriodOut(BaseModel):
    week_start: date
    week_end: date
    start: datetime
    end: datetime
    label: str


class ColumnOut(BaseModel):
    key: str
    label: str
    rate: bool


class SectionOut(BaseModel):
    key: str
    title: str
    columns: list[ColumnOut]


class DepartmentRow(BaseModel):
    department_id: int
    code: str
    name: str
    region: str
    counts: dict[str, int]
    values: dict[str, Value]


class RegionRow(BaseModel):
    region: str
    values: dict[str, Value]


class WeeklyReportOut(BaseModel):
    period: PeriodOut
    generated_at: datetime
    sections: list[SectionOut]
    departments: list[DepartmentRow]
    regions: list[RegionRow]
    total: dict[str, Value]


async def _report(request: web.Request, principal: Principal, query: ReportQuery) -> dict[str, Any]:
    return await weekly_report(
        principal,
        datetime.now(UTC),
        ZoneInfo(request.app[SETTINGS].calendar.timezone),
        week_start=query.week_start,
        department_id=query.department_id,
        region=query.region,
    )


table = OperationTable(tags=TAGS, audience="staff", roles=ANY_STAFF)


@table.get("/api/reports/weekly", "getWeeklyReport", errors=(404,))
async def get_weekly_report(
    request: web.Request, principal: Principal, query: ReportQuery
) -> WeeklyReportOut:
    """A week's supervision report per department and region (staff: their department)"""
    return WeeklyReportOut.model_validate(await _report(request, principal, query))


@table.get(
    "/api/reports/weekly/export",
    "exportWeeklyReport",
    errors=(404,),
    file_types=(export.CSV_TYPE, export.XLSX_TYPE),
)
async def export_weekly_report(
    request: web.Request, principal: Principal, query: ExportQuery
) -> web.Response:
    """The same report as a file: CSV (UTF-8 with BOM) or XLSX"""
    return file_response(await _report(request, principal, query), query.format)


def file_response(report: dict[str, Any], kind: str) -> web.Response:
    body, content_type = (
        (export.to_xlsx(report), export.XLSX_TYPE)
        if kind == "xlsx"
        else (export.to_csv(report), export.CSV_TYPE)
    )
    return web.Response(
        body=body,
        content_type=content_type,
        charset="utf-8" if kind == "csv" else None,
        headers={"Content-Disposition": f'attachment; filename="{export.filename(report, kind)}"'},
    )
