"""The callback visitor's day in real Chromium (Debian's package, Playwright): open the
worklist, open a visit, reveal the phone (audited), record the outcome; also at phone width.
Screenshots go to artifacts/callback-*.png for CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.tickets import CallbackState, CallbackVisit
from tests.console.browser import ARGS, CHROMIUM, csp_refusals, needs_chromium
from tests.console.day.callback import record_callback_with_reveal, sign_in

pytestmark = needs_chromium


async def test_visitor_records_a_callback_after_revealing_the_phone(
    client: TestClient, callback_visit: int, artifacts: Path
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            blocked = csp_refusals(page)
            await sign_in(page, base, "huifang")
            await record_callback_with_reveal(
                page, base, callback_visit, "窗口态度差", artifacts, whole_phone="13812345678"
            )
            # The same page at phone width: the form still reachable, nothing cut off.
            await page.set_viewport_size({"width": 390, "height": 844})
            await page.reload()
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, width
            await page.screenshot(path=str(artifacts / "callback-phone.png"), full_page=True)
            assert blocked == []
        finally:
            await browser.close()
    visit = await CallbackVisit.get(id=callback_visit)
    assert visit.state == CallbackState.DONE and visit.satisfaction.value == "satisfied"
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 1
