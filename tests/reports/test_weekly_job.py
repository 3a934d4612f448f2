"""The Monday job: last week's report once, a summary card to each supervisor."""

from __future__ import annotations

from datetime import time

from aiohttp.test_utils import TestClient

from core.notify_templates import load_templates
from core.passwords import hash_password
from models.outbox import Channel, OutboxMessage
from models.people import Department, StaffAccount, StaffRole
from models.reports import WeeklyReport
from notify.render import render
from tests.reports.support import SHANGHAI, at, case, department
from workflows.authz import Principal
from workflows.reports.reading import weekly_report
from workflows.reports.weekly_job import TEMPLATE, produce_weekly_report

RUN_AT = time(8, 30)


async def staff(username: str, roles: list[str], dept: Department) -> StaffAccount:
    return await StaffAccount.create(
        username=username, name=username, department=dept, roles=roles,
        password_hash=hash_password("x" * 12),
    )  # fmt: skip


async def test_report_is_produced_once_after_monday_morning(client: TestClient) -> None:
    a = await department("A")
    boss = await staff("jiancha", ["supervisor"], a)
    await staff("banli", ["handler"], a)
    await case(a, at("2026-11-17 10:00"))
    assert await produce_weekly_report(at("2026-11-23 08:29"), SHANGHAI, RUN_AT) is None
    report = await produce_weekly_report(at("2026-11-23 08:31"), SHANGHAI, RUN_AT)
    assert report is not None and report.period_start.isoformat() == "2026-11-16"
    assert report.data["total"]["cases_received"] == 1
    # Later scans that week (or another worker) change nothing.
    assert await produce_weekly_report(at("2026-11-23 08:36"), SHANGHAI, RUN_AT) is None
    assert await produce_weekly_report(at("2026-11-26 15:00"), SHANGHAI, RUN_AT) is None
    assert await WeeklyReport.all().count() == 1
    messages = await OutboxMessage.filter(template=TEMPLATE)
    assert [m.recipient_id for m in messages] == [boss.id]
    assert messages[0].data["cases_received"] == 1
    assert messages[0].data["period"] == "2026-11-16至2026-11-22"


async def test_a_worker_down_on_monday_catches_up_later_that_week(client: TestClient) -> None:
    await department("A")
    report = await produce_weekly_report(at("2026-11-25 11:00"), SHANGHAI, RUN_AT)
    assert report is not None and report.period_start.isoformat() == "2026-11-16"


async def test_the_stored_report_is_what_the_api_serves_for_that_week(
    client: TestClient,
) -> None:
    a = await department("A")
    await case(a, at("2026-11-17 10:00"))
    await produce_weekly_report(at("2026-11-23 09:00"), SHANGHAI, RUN_AT)
    await case(a, at("2026-11-18 10:00"))  # entered after the report went out
    boss = Principal(
        kind="staff", id=1, department_id=a.id, roles=frozenset({StaffRole.SUPERVISOR})
    )
    data = await weekly_report(boss, at("2026-11-24 09:00"), SHANGHAI)
    assert data["total"]["cases_received"] == 1


async def test_the_summary_card_renders_with_the_figures(client: TestClient) -> None:
    a = await department("A")
    await staff("jiancha", ["supervisor"], a)
    await case(a, at("2026-11-17 10:00"))
    await produce_weekly_report(at("2026-11-23 09:00"), SHANGHAI, RUN_AT)
    message = await OutboxMessage.get(template=TEMPLATE)
    template = load_templates("notify/templates/templates.toml", 6).get(TEMPLATE)
    console = "https://zwfw.example.gov.cn/console"
    payload = render(template, Channel.WECOM_APP, message.data, SHANGHAI, "t1", console)
    card = payload["template_card"]
    assert card["main_title"]["title"] == "每周通报：2026-11-16至2026-11-22"
    # The card opens that week's report in this deployment's console.
    assert card["card_action"]["url"] == console + "/reports?week_start=2026-11-16"
    assert "办件受理1件" in card["sub_title_text"] and "网办率100.0%" in card["sub_title_text"]
