"""The weekly 通报 by region at every level (seed 000 §三(三)): subtotals city → counties →
townships, each reader's report and export cut to their scope, the Monday cards too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

from models.outbox import OutboxMessage
from models.people import Department, StaffAccount
from tests.conftest import STAFF_PASSWORD
from tests.console.conftest import csrf_of
from tests.regions.conftest import Tree
from tests.reports.support import SHANGHAI, case
from workflows.reports.period import last_full_week
from workflows.reports.weekly_job import produce_weekly_report


async def _last_week(tree: Tree) -> None:
    start = last_full_week(datetime.now(UTC), SHANGHAI).start + timedelta(hours=10)
    for key, n in (("qs", 2), ("qs_town", 1), ("bs", 1), ("city", 1)):
        for _ in range(n):
            await case(tree.departments[key], start)


def _levels(report: dict) -> list[tuple[str, str, int]]:
    return [
        (n["code"], n["level_label"], n["values"]["cases_received"])
        for n in report["region_levels"]
    ]


async def test_the_city_sees_subtotals_for_itself_each_county_and_each_township(
    tree: Tree,
) -> None:
    await _last_week(tree)
    report = await tree.call("GET", "/api/reports/weekly", "city_sup")
    assert _levels(report) == [
        ("990100000000", "市", 5),
        ("990101000000", "县", 3),
        ("990101001000", "乡镇（街道）", 1),
        ("990102000000", "县", 1),
    ]
    city = report["region_levels"][0]
    assert set(city["department_ids"]) == {
        tree.departments["city"].id,
        tree.departments["city_office"].id,
    }
    assert report["total"]["cases_received"] == 5


async def test_a_county_report_and_export_stop_at_the_county(tree: Tree) -> None:
    await _last_week(tree)
    report = await tree.call("GET", "/api/reports/weekly", "qs_sup")
    assert _levels(report) == [("990101000000", "县", 3), ("990101001000", "乡镇（街道）", 1)]
    assert report["total"]["cases_received"] == 3
    assert {d["code"] for d in report["departments"]} == {"QS-SCJG", "QS-ZWFW", "QS-CG"}
    text = await tree.call("GET", "/api/reports/weekly/export?format=csv", "qs_sup")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    subtotals = [row[:3] for row in rows if row[2:3] and row[2].endswith("小计")]
    assert ["青山县", "990101000000", "县小计"] in [[r[0].strip("　"), *r[1:]] for r in subtotals]
    assert not any("白水县" in cell for row in rows for cell in row)


async def test_a_supervisor_placed_nowhere_sees_the_whole_tree_from_the_province(
    tree: Tree,
) -> None:
    await _last_week(tree)
    loose = await Department.create(code="LOOSE", name="未划分部门", region="")
    tree.departments["loose"] = loose
    await tree.staff("loose_sup", ["supervisor"], "loose")
    report = await tree.call("GET", "/api/reports/weekly", "loose_sup")
    levels = _levels(report)
    assert levels[0] == ("990000000000", "省", 5)
    assert levels[-1] == (None, "", 0)  # the unplaced department, apart


async def test_the_monday_cards_carry_each_supervisors_own_figures(tree: Tree) -> None:
    await _last_week(tree)
    report = await produce_weekly_report(datetime.now(UTC), SHANGHAI, time(0, 0))
    assert report is not None
    received = {}
    for username in ("qs_sup", "bs_sup", "city_sup"):
        staff = await StaffAccount.get(username=username)
        message = await OutboxMessage.get(template="weekly_report_summary", recipient_id=staff.id)
        received[username] = message.data["cases_received"]
    assert received == {"qs_sup": 3, "bs_sup": 1, "city_sup": 5}
    # The stored week is served cut to the reader's scope as well.
    stored = await tree.call("GET", "/api/reports/weekly", "bs_sup")
    assert _levels(stored) == [("990102000000", "县", 1)]


async def test_the_console_report_page_shows_the_levels(tree: Tree) -> None:
    await _last_week(tree)
    form = await tree.client.get("/console/login")
    await tree.client.post(
        "/console/login",
        data={
            "csrf": csrf_of(await form.text()),
            "username": "city_sup",
            "password": STAFF_PASSWORD,
        },
    )
    html = await (await tree.client.get("/console/reports")).text()
    assert "青川市" in html and "市小计" in html and "县小计" in html and "白水县" in html
