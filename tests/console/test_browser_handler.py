"""The handler's day in a real headless Chromium (Debian's package, driven by Playwright): the
queue, a case accepted, sent for correction and approved; tickets screened (intake office),
one returned and one replied to; a bad review rectified; a search. Screenshots: artifacts/."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.cases import Case, CaseStatus
from models.reviews import Rectification, RectificationState
from models.tickets import Ticket, TicketState
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.day import handler
from tests.console.handler_setup import bad_review, open_ticket

pytestmark = needs_chromium
Login = Callable[[str], Awaitable[dict[str, Any]]]


async def test_handler_day_in_chromium(
    client: TestClient,
    submitted_case: dict[str, Any],
    login_citizen: Login,
    artifacts: Path,
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    case_id = submitted_case["id"]
    not_ours = await open_ticket(client, login_citizen, "路灯不亮", openid="o-lamp")
    ours = await open_ticket(client, login_citizen, "窗口排队太久", openid="o-queue")
    citizen = await login_citizen("o-console")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            options = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}
            intake = await (await browser.new_context(**options)).new_page()
            await handler.sign_in(intake, base, "jiancha")
            for ticket_id in (not_ours, ours):
                await handler.screen_ticket(intake, base, ticket_id, "市场监督管理局", artifacts)

            page = await (await browser.new_context(**options)).new_page()
            await handler.sign_in(page, base, "banli")
            await handler.open_queue(page, base, artifacts)
            await handler.accept_case(page, base, case_id, artifacts)
            await handler.send_correction(page, base, case_id, "申请书", artifacts)
            answer = await client.post(
                f"/api/cases/{case_id}/correction",
                json={"materials": [{"name": "申请书", "ref": "upload/2"}]},
                headers=citizen,
            )
            assert answer.status == 200, await answer.text()
            await handler.approve_case(page, base, case_id, artifacts)
            await handler.return_ticket(page, base, not_ours, "路灯维护属城管部门职责", artifacts)
            await handler.reply_ticket(page, base, ours, "已安排窗口增开，感谢监督", artifacts)
            assert await handler.search_matters(page, base, "1234", artifacts) == 1

            rect_id = await bad_review(client, submitted_case, citizen, ("deliver",))
            await handler.open_queue(page, base, artifacts, kind_label="差评整改")
            phone = await handler.rectify_bad_review(
                page, base, rect_id, "已约谈窗口人员", artifacts
            )
            assert phone == "13812345678"

            # The same steps on a phone-sized screen: nothing needs a wider window.
            phone_page = await (
                await browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
            ).new_page()
            await handler.sign_in(phone_page, base, "banli")
            await phone_page.goto(f"{base}/console/tickets/{ours}")
            await phone_page.screenshot(path=str(artifacts / "handler-ticket-phone.png"))
            width = await phone_page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390 + 1
        finally:
            await browser.close()
    assert (await Case.get(id=case_id)).status in (CaseStatus.APPROVED, CaseStatus.DELIVERED)
    assert (await Ticket.get(id=not_ours)).state == TicketState.RETURNED
    assert (await Ticket.get(id=ours)).state == TicketState.IN_HANDLING
    assert (await Rectification.get(id=rect_id)).state == RectificationState.AWAITING_CALLBACK
    assert await AuditRecord.exists(action="rectification.contact_revealed", object_id=str(rect_id))
