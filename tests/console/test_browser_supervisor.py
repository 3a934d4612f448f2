"""The supervisor's day in a real headless Chromium: urge a red card, acknowledge it, decide an
extension, read the weekly report's charts and the audit log; on a desktop and a phone screen.
Screenshots go to artifacts/supervisor-*.png for CI."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient

from models.people import Department
from models.supervision import SupervisionCard, UrgingNotice
from models.tickets import ExtensionState, TicketExtension
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.day import supervisor
from tests.console.supervision_helpers import red_card_for, staff_headers

SHANGHAI = ZoneInfo("Asia/Shanghai")
TICKET_TITLE = "窗口排队时间长"
pytestmark = needs_chromium


async def _extension_asked(
    client: TestClient, login_citizen: Callable[[str], Awaitable[dict[str, Any]]]
) -> TicketExtension:
    citizen = await login_citizen("o-queue")
    body = {"column": "complaint", "title": TICKET_TITLE, "content": "排队两小时"}
    ticket = await (await client.post("/api/tickets", json=body, headers=citizen)).json()
    department = await Department.get(code="DEPT-A")
    screened = await client.post(
        f"/api/tickets/{ticket['id']}/screening",
        json={"accept": True, "department_id": department.id},
        headers=await staff_headers(client, "jiancha"),
    )
    assert screened.status == 200, await screened.text()
    asked = await client.post(
        f"/api/tickets/{ticket['id']}/extensions",
        json={"working_days": 3, "reason": "需调取监控核实"},
        headers=await staff_headers(client, "banli"),
    )
    assert asked.status == 201, await asked.text()
    return await TicketExtension.get(ticket_id=ticket["id"])


async def test_supervisor_urges_a_red_card_and_decides_an_extension_in_chromium(
    client: TestClient,
    submitted_case: dict[str, Any],
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    artifacts: Path,
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    card = await red_card_for(
        client, int(submitted_case["id"]), await staff_headers(client, "banli")
    )
    extension = await _extension_asked(client, login_citizen)
    matter = "营业执照变更登记"
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date().isoformat()
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            blocked: list[str] = []
            page.on(
                "console",
                lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
            )
            await supervisor.sign_in(page, base, "jiancha")
            await supervisor.urge_red_card(
                page, base, matter, "请于明日 16 时前说明超期原因", tomorrow, "16:00", artifacts
            )
            await supervisor.acknowledge_card(page, base, matter, artifacts)
            await supervisor.decide_extension(page, base, TICKET_TITLE, True, "", artifacts)
            await supervisor.read_weekly_report(page, base, artifacts)
            summary = await supervisor.read_audit_of(
                page, base, "办件", str(submitted_case["id"]), artifacts
            )
            assert summary.startswith("共 ") and "共 0 条" not in summary
            assert await page.get_by_role("rowheader", name="督办 matter.urged").count() == 1
            assert blocked == []

            phone = await browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            await supervisor.sign_in(phone, base, "jiancha")
            for path, name in (
                ("/console/cards", "phone-cards"),
                ("/console/audit", "phone-audit"),
            ):
                await phone.goto(base + path)
                width = await phone.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
                await phone.screenshot(
                    path=str(artifacts / f"supervisor-{name}.png"), full_page=True
                )
        finally:
            await browser.close()
    [urging] = await UrgingNotice.all()
    assert urging.message == "请于明日 16 时前说明超期原因" and urging.respond_by is not None
    assert urging.respond_by.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") == f"{tomorrow} 16:00"
    assert (await SupervisionCard.get(id=card.id)).acknowledged_at is not None
    await extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
