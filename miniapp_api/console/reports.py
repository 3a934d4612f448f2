"""The weekly report page (tables and plain SVG bar charts) and its downloads."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from core.appkeys import SETTINGS
from miniapp_api.console.charts import bar_chart
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from miniapp_api.parsing import parse_model
from miniapp_api.reports.present import file_response
from miniapp_api.reports.schemas import ExportQuery, ReportQuery
from workflows import clock
from workflows.protection.exports import exported
from workflows.reports import export as export_files
from workflows.reports.reading import weekly_report

routes = web.RouteTableDef()


def _query(request: web.Request) -> dict[str, str]:
    # Empty form fields mean "not given".
    return {key: value for key, value in request.query.items() if value.strip()}


async def _report(request: web.Request, query: ReportQuery) -> dict[str, Any]:
    return await weekly_report(
        request[PRINCIPAL],
        clock.utc_now(),
        ZoneInfo(request.config_dict[SETTINGS].calendar.timezone),
        week_start=query.week_start,
        department_id=query.department_id,
        region=query.region,
    )


@routes.get("/reports", name="console-report")
async def report(request: web.Request) -> web.Response:
    query = parse_model(ReportQuery, _query(request), "query")
    data = await _report(request, query)
    rows = data["departments"]
    charts = [
        bar_chart("各部门办件受理量", [(d["name"], d["values"]["cases_received"]) for d in rows]),
        bar_chart(
            "各部门按时办结率",
            [(d["name"], d["values"]["cases_on_time_rate"]) for d in rows],
            rate=True,
        ),
        bar_chart(
            "各部门红黄牌",
            [(d["name"], d["values"]["yellow_issued"] + d["values"]["red_issued"]) for d in rows],
        ),
    ]
    return page(
        request,
        "report.html",
        {"report": data, "charts": charts, "query": query, "export_query": request.query_string},
    )


@routes.get("/reports/export", name="console-report-export")
async def export(request: web.Request) -> web.Response:
    """The same file as the API's exportWeeklyReport: watermarked with who and when, audited."""
    query = parse_model(ExportQuery, _query(request), "query")
    data = await _report(request, query)
    mark = await exported(
        request[PRINCIPAL],
        export_files.filename(data, query.format),
        clock.utc_now(),
        ZoneInfo(request.config_dict[SETTINGS].calendar.timezone),
        scope={"week_start": data["period"]["week_start"]},
    )
    return file_response(data, query.format, mark.line)
