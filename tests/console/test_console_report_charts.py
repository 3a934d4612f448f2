"""The weekly report's charts: inline SVG with axes, round tick labels, units, a title and a text
alternative, the numbers in a table; the weekly trend once two weeks' reports exist."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from miniapp_api.console.charts import bar_chart, line_chart, scale_top
from tests.console.supervision_helpers import staff_headers, use_console_as
from workflows.reports.period import this_monday
from workflows.reports.weekly_job import produce_weekly_report

SHANGHAI = ZoneInfo("Asia/Shanghai")
SVG = re.compile(r"<svg.*?</svg>", re.S)


def test_axes_end_on_round_numbers_above_the_largest_value() -> None:
    assert scale_top([0, 3, 7], rate=False) == (8, 2)
    assert scale_top([120, 40], rate=False) == (150, 50)
    assert scale_top([0, None], rate=False) == (1, 1)
    assert scale_top([0.42, None], rate=True) == (1.0, 0.2)
    chart = bar_chart("c", "受理量", [("甲局", 7), ("乙局", 3)], unit="件", axis_title="受理量")
    assert [t.text for t in chart.ticks] == ["0", "2", "4", "6", "8"]
    assert [b.text for b in chart.bars] == ["7件", "3件"]
    assert chart.bars[0].width > chart.bars[1].width > 0
    assert "最高为 甲局（7件），合计 10件" in chart.description
    rates = line_chart("t", "率", [("11-03", 0.5), ("11-10", None), ("11-17", 1.0)],
                       unit="%", axis_title="率", rate=True)  # fmt: skip
    assert [t.text for t in rates.ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert len(rates.segments) == 2  # the week without a value breaks the line
    assert [p.text for p in rates.points] == ["50.0%", "—", "100.0%"]


async def test_the_report_page_draws_accessible_bar_charts(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    use_console_as(client, await staff_headers(client, "jiancha"))
    html = await (await client.get("/console/reports")).text()
    charts = SVG.findall(html)
    assert len(charts) == 3
    for svg in charts:
        assert 'role="img"' in svg and "aria-labelledby=" in svg
        assert " style=" not in svg and "<script" not in svg
    received = charts[0]
    assert 'aria-labelledby="chart-received-title chart-received-desc"' in received
    assert '<title id="chart-received-title">各部门办件受理量（单位：件）</title>' in received
    assert re.search(r'<desc id="chart-received-desc">[^<]*市场监督管理局', received)
    assert ">受理量（件）</text>" in received and ">0</text>" in received
    assert "各部门办件受理量：数据表" in html
    assert "已生成的周报不足两周" in html


async def test_two_stored_weeks_make_a_trend_line(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    monday = this_monday(datetime.now(SHANGHAI), SHANGHAI)
    for weeks_back in (0, 1):
        now = datetime.combine(monday - timedelta(days=7 * weeks_back), time(12), SHANGHAI)
        assert await produce_weekly_report(now, SHANGHAI, time(8)) is not None
    use_console_as(client, await staff_headers(client, "jiancha"))
    html = await (await client.get("/console/reports")).text()
    charts = SVG.findall(html)
    assert len(charts) == 5
    trend = charts[3]
    assert '<title id="trend-received-title">近 2 周办件受理量（单位：件）</title>' in trend
    assert trend.count("<circle") == 2 and "<polyline" in trend
    labels = [(monday - timedelta(days=7 * n)).strftime("%m-%d") for n in (2, 1)]
    assert all(f">{label}</text>" in trend for label in labels)
    assert " style=" not in trend
