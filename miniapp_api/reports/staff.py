"""Weekly supervision reports (通报): getWeeklyReport (JSON) and exportWeeklyReport (CSV, XLSX)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from core.appkeys import SETTINGS
from miniapp_api.operations import OperationTable
from miniapp_api.reports.present import file_response
from miniapp_api.reports.schemas import (
    ExportQuery,
    ReportQuery,
    WeeklyReportOut,
)
from workflows import clock
from workflows.authz import Principal
from workflows.protection.admins import WORKING_ROLES
from workflows.protection.exports import exported
from workflows.reports import export
from workflows.reports.reading import weekly_report

TAGS = ("reports",)
# Every role but the security and audit administrators (三员分立: they do only their own work).
ANY_STAFF = WORKING_ROLES


async def _report(request: web.Request, principal: Principal, query: ReportQuery) -> dict[str, Any]:
    return await weekly_report(
        principal,
        clock.utc_now(),
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
    """The same report as a file: CSV (UTF-8 with BOM) or XLSX; names who exported it, audited"""
    report = await _report(request, principal, query)
    mark = await exported(
        principal,
        export.filename(report, query.format),
        clock.utc_now(),
        ZoneInfo(request.app[SETTINGS].calendar.timezone),
        scope={"week_start": report["period"]["week_start"]},
    )
    return file_response(report, query.format, mark.line)
