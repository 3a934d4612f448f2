"""Issue #21's "done when": one full working day in the console, in real Chromium, one server.

The clerk checks a booking in and registers a walk-in; the handler accepts, corrects and
approves a case, and screens, returns and replies to a ticket; the supervisor urges a red card
and decides an extension; the callback visitor records a callback. Each role works in its own
browser context (its own desk); every page any of them settles on passes axe-core
(tests/console/checked_page.py) and is kept as artifacts/day-*.png, beside the steps' own
screenshots (artifacts/<role>-*.png).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, SETTINGS
from models.audit import AuditRecord
from models.booking import Booking, BookingStatus
from models.cases import Case, CaseChannel, CaseStatus
from models.supervision import CardColour, Deadline, SupervisionCard, UrgingNotice
from models.tickets import (
    CallbackState,
    CallbackVisit,
    ExtensionState,
    Ticket,
    TicketExtension,
    TicketState,
)
from tests.console.axe import ARTIFACTS, axe_source, new_console_context
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.checked_page import AxeCheckedPage
from tests.console.clerk_fixtures import CLERK, ClerkDay
from tests.console.day import callback, clerk, handler, supervisor
from tests.console.handler_setup import open_ticket
from workflows import clock
from workflows.supervision.cards import issue_cards

pytestmark = needs_chromium
SHANGHAI = ZoneInfo("Asia/Shanghai")
HANDLER, SUPERVISOR, CALLBACK_VISITOR = "banli", "jiancha", "huifang"
DEPARTMENT = "市场监督管理局"
WALK_IN_ITEM = "个体工商户登记"
NOT_OURS, OURS = "路灯不亮", "窗口排队太久"
Login = Callable[[str], Awaitable[dict[str, Any]]]


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings


async def request_extension(
    page: Any, base_url: str, ticket_id: int, working_days: int, reason: str
) -> None:
    """The handler asks for more time on a ticket (no helper's steps have this one)."""
    await page.goto(f"{base_url}/console/tickets/{ticket_id}")
    await page.get_by_label("延期工作日数", exact=False).fill(str(working_days))
    await page.get_by_label("延期理由").fill(reason)
    await page.get_by_role("button", name="提交延期申请").click()
    await page.wait_for_load_state()
    await page.get_by_role("heading", name="延期申请").wait_for()
    assert await page.get_by_role("cell", name="待审批").count() == 1
    await page.screenshot(path=str(ARTIFACTS / "handler-extension-asked.png"), full_page=True)


async def supervision_scan_a_month_late(client: TestClient, case_id: int) -> SupervisionCard:
    """The scheduled supervision scan, run as if a month past the case's due time: red."""
    deadline = await Deadline.get(subject_type="case", subject_id=case_id)
    assert deadline.due_at is not None
    app = client.app
    assert app is not None
    calendar = await app[CALENDAR].current()
    await issue_cards(deadline.due_at + timedelta(days=30), calendar, app[SETTINGS].supervision)
    return await SupervisionCard.get(deadline_id=deadline.id, colour=CardColour.RED)


async def test_a_full_working_day_in_the_console(
    client: TestClient,
    clerk_day: ClerkDay,
    submitted_case: dict[str, Any],
    callback_visit: int,
    login_citizen: Login,
    application_pdf: Path,
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    axe_source()  # skip early (fail under CI) without axe-core
    base = str(client.make_url("")).rstrip("/")
    ARTIFACTS.mkdir(exist_ok=True)
    online_case = int(submitted_case["id"])
    not_ours = await open_ticket(client, login_citizen, NOT_OURS, openid="o-lamp")
    ours = await open_ticket(client, login_citizen, OURS, openid="o-queue")
    citizen = await login_citizen("o-console")
    desks: list[AxeCheckedPage] = []
    blocked: list[str] = []

    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        async def desk(role: str) -> Any:
            """A new browser context for the next person; every page it shows is axe-checked."""
            page = await (await new_console_context(browser)).new_page()
            page.on(
                "console",
                lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
            )
            checked = AxeCheckedPage(page, f"day-{len(desks) + 1}-{role}")
            desks.append(checked)
            return checked

        try:
            # 1. The window clerk: a booked citizen checks in, a walk-in is registered.
            page = await desk("clerk")
            await clerk.sign_in(page, base, CLERK)
            booking_code = clerk_day.bookings[0]["code"]
            assert await clerk.check_in_booking(page, base, booking_code, ARTIFACTS) == "A001"
            walk_in = await clerk.register_walk_in(
                page,
                base,
                WALK_IN_ITEM,
                {"name": "孙七", "phone": "13912345678", "id_number": "11010519491231002X"},
                ("申请书", application_pdf),
                ARTIFACTS,
                paper=("身份证复印件",),
            )
            walk_in_case = await Case.get(case_no=walk_in["case_no"])
            await clerk.open_receipt(page, base, walk_in_case.id, ARTIFACTS)

            # 2. The intake office (a supervisor's account) screens the morning's tickets.
            page = await desk("intake")
            await handler.sign_in(page, base, SUPERVISOR)
            for ticket_id in (not_ours, ours):
                await handler.screen_ticket(page, base, ticket_id, DEPARTMENT, ARTIFACTS)

            # 3. The handler: a case accepted, corrected and approved; the walk-in accepted;
            #    a ticket returned, another replied to and given more time.
            page = await desk("handler")
            await handler.sign_in(page, base, HANDLER)
            await handler.open_queue(page, base, ARTIFACTS)
            await handler.accept_case(page, base, online_case, ARTIFACTS)
            await handler.send_correction(page, base, online_case, "申请书", ARTIFACTS)
            corrected = await client.post(  # the applicant, in the mini-program
                f"/api/cases/{online_case}/correction",
                json={"materials": [{"name": "申请书", "ref": "upload/2"}]},
                headers=citizen,
            )
            assert corrected.status == 200, await corrected.text()
            await handler.approve_case(page, base, online_case, ARTIFACTS)
            await handler.accept_case(page, base, walk_in_case.id, ARTIFACTS)
            await handler.return_ticket(page, base, not_ours, "路灯维护属城管部门职责", ARTIFACTS)
            await handler.reply_ticket(page, base, ours, "已安排窗口增开，感谢监督", ARTIFACTS)
            await request_extension(page, base, ours, 3, "需调取监控核实")

            # The walk-in is left too long: the supervision scan shows it red.
            card = await supervision_scan_a_month_late(client, walk_in_case.id)

            # 4. The supervisor: urges the red card, decides the extension.
            page = await desk("supervisor")
            await supervisor.sign_in(page, base, SUPERVISOR)
            tomorrow = (clock.utc_now().astimezone(SHANGHAI) + timedelta(days=1)).date()
            await supervisor.urge_red_card(
                page, base, WALK_IN_ITEM, "请于明日 16 时前说明超期原因",
                tomorrow.isoformat(), "16:00", ARTIFACTS,
            )  # fmt: skip
            await supervisor.decide_extension(page, base, OURS, True, "", ARTIFACTS)

            # 5. The callback visitor: the closed complaint's callback, phone revealed.
            page = await desk("callback")
            await callback.sign_in(page, base, CALLBACK_VISITOR)
            await callback.record_callback_with_reveal(
                page, base, callback_visit, "窗口态度差", ARTIFACTS, whole_phone="13812345678"
            )
        finally:
            await browser.close()

    # What the day left behind, as the API would show it.
    assert (await Booking.get(code=booking_code)).status == BookingStatus.CHECKED_IN
    assert walk_in_case.channel == CaseChannel.WINDOW
    assert (await Case.get(id=online_case)).status == CaseStatus.APPROVED
    assert (await Ticket.get(id=not_ours)).state == TicketState.RETURNED
    assert (await TicketExtension.get(ticket_id=ours)).state == ExtensionState.APPROVED
    [urging] = await UrgingNotice.all()
    assert urging.message == "请于明日 16 时前说明超期原因"
    assert urging.deadline_id == card.deadline_id  # the walk-in, urged
    visit = await CallbackVisit.get(id=callback_visit)
    assert visit.state == CallbackState.DONE
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 1
    assert blocked == []  # nothing the console needs was refused by its own CSP
    checked = [line for desk in desks for line in desk.checked]
    print("axe-checked pages:\n" + "\n".join(checked))
    assert len(checked) >= 30, checked
