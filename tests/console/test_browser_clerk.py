"""The window clerk's morning in a real headless Chromium: check a booking in, give a walk-in
number, register a walk-in with one uploaded file, print its receipt. Screenshots in artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from models.booking import Booking, BookingStatus
from models.cases import Case, CaseChannel
from models.files import CaseMaterial
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.clerk_fixtures import CLERK, ClerkDay
from tests.console.day import clerk

pytestmark = needs_chromium


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings


async def test_clerk_checks_in_registers_a_walk_in_and_prints_the_receipt(
    client: TestClient, clerk_day: ClerkDay, artifacts: Path, application_pdf: Path
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    code = clerk_day.bookings[0]["code"]
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            blocked: list[str] = []
            page.on(
                "console",
                lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
            )
            await clerk.sign_in(page, base, CLERK)
            assert await clerk.check_in_booking(page, base, code, artifacts) == "A001"
            assert await clerk.take_walk_in_number(page, base, artifacts) == "B001"
            registered = await clerk.register_walk_in(
                page,
                base,
                "个体工商户登记",
                {"name": "孙七", "phone": "13912345678", "id_number": "11010519491231002X"},
                ("申请书", application_pdf),
                artifacts,
                paper=("身份证复印件",),
            )
            case = await Case.get(case_no=registered["case_no"])
            printed = await clerk.open_receipt(page, base, case.id, artifacts)
            assert case.case_no in printed and "申请书.pdf" in printed
            assert registered["secret"] not in printed  # shown once, on the first print

            phone = await browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            await phone.context.add_cookies(await page.context.cookies())
            await phone.goto(base + "/console/hall")
            width = await phone.evaluate("document.documentElement.scrollWidth")
            await phone.screenshot(path=str(artifacts / "clerk-hall-phone.png"), full_page=True)
            assert width <= 390 + 1, width  # the tables scroll inside their box, not the page
            assert blocked == []
        finally:
            await browser.close()
    assert (await Booking.get(code=code)).status == BookingStatus.CHECKED_IN
    assert case.channel == CaseChannel.WINDOW
    assert await CaseMaterial.filter(case_id=case.id).count() == 1
