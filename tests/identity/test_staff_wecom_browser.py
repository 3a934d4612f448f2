"""A staff member signs in to the console through the WeChat Work simulator in Chromium: the
login page's 企业微信登录, the QR page (the simulated phone has scanned), back to the queue."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from devtools.wechat_sim import SimulatorState
from models.people import StaffAccount
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.conftest import artifacts  # noqa: F401
from tests.identity.test_staff_wecom_signin import settings_overrides, staff  # noqa: F401

pytestmark = needs_chromium


async def test_staff_signs_in_with_wecom_qr_in_chromium(
    client: TestClient,
    staff: StaffAccount,  # noqa: F811
    sim_state: SimulatorState,
    settings: Any,
    artifacts: Any,  # noqa: F811
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    sim_state.wecom_oauth.browser_user = "ZhangWei"
    base = str(client.make_url("")).rstrip("/")
    configured = settings.notify.console_base_url.rstrip("/")
    configured_origin = configured.removesuffix("/console")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(locale="zh-CN")

            # WeCom sends the browser to the console's configured address; here nginx would
            # forward it, so the test forwards it to the test server.
            async def forward(route: Any) -> None:
                path = route.request.url.removeprefix(configured_origin)
                await route.fulfill(status=302, headers={"Location": base + path})

            await page.route(configured + "/**", forward)
            await page.goto(base + "/console/queue")
            await page.get_by_role("link", name="企业微信登录").click()
            await page.wait_for_url("**/console/queue")
            assert await page.locator('form[action="/console/logout"]').count() == 1
            await page.screenshot(path=str(artifacts / "console-wecom-signin.png"))
        finally:
            await browser.close()
