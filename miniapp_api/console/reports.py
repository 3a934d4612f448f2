"""The weekly report page (tables, charts per department, the weekly trend) and its downloads."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from core.appkeys import SETTINGS
from miniapp_api.console.charts import BarChart, LineChart, bar_chart, line_chart
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from miniapp_api.parsing import parse_model
from miniapp_api.reports.present import file_response
from miniapp_api.reports.schemas import ExportQuery, ReportQuery
from workflows import clock
from workflows.protection.exports import exported
from workflows.reports import export as export_files
from workflows.reports.reading import weekly_report
from workflows.reports.trend import WeekFigures, weekly_trend

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
    weeks = await weekly_trend(
        request[PRINCIPAL],
        date.fromisoformat(data["period"]["week_start"]),
        ZoneInfo(request.config_dict[SETTINGS].calendar.timezone),
        department_id=query.department_id,
        region=query.region,
    )
    return page(
        request,
        "report.html",
        {
            "report": data,
            "charts": department_charts(data["departments"]),
            "trends": trend_charts(weeks) if len(weeks) > 1 else [],
            "query": query,
            "export_query": request.query_string,
        },
    )


def department_charts(rows: list[dict[str, Any]]) -> list[BarChart]:
    def of(key: str) -> list[tuple[str, Any]]:
        return [(row["name"], row["values"][key]) for row in rows]

    cards = [
        (row["name"], row["values"]["yellow_issued"] + row["values"]["red_issued"]) for row in rows
    ]
    return [
        bar_chart("chart-received", "各部门办件受理量", of("cases_received"),
                  unit="件", axis_title="受理量"),
        bar_chart("chart-on-time", "各部门按时办结率", of("cases_on_time_rate"),
                  unit="%", axis_title="按时办结率", rate=True),
        bar_chart("chart-cards", "各部门红黄牌数", cards, unit="张", axis_title="红黄牌"),
    ]  # fmt: skip


def trend_charts(weeks: list[WeekFigures]) -> list[LineChart]:
    def of(key: str) -> list[tuple[str, Any]]:
        return [(week.week_start.strftime("%m-%d"), week.total.get(key)) for week in weeks]

    return [
        line_chart("trend-received", f"近 {len(weeks)} 周办件受理量", of("cases_received"),
                   unit="件", axis_title="受理量"),
        line_chart("trend-on-time", f"近 {len(weeks)} 周按时办结率", of("cases_on_time_rate"),
                   unit="%", axis_title="按时办结率", rate=True),
    ]  # fmt: skip


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
