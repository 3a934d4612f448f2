"""The console in a real headless Chromium (Debian's package, driven by Playwright): sign in,
open the queue, accept a case, see its new status. Screenshots go to artifacts/ for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.cases import Case, CaseStatus
from tests.conftest import STAFF_PASSWORD
from tests.console.browser import ARGS, CHROMIUM, csp_refusals, needs_chromium

pytestmark = needs_chromium


async def test_handler_signs_in_and_accepts_a_case_in_chromium(
    client: TestClient, submitted_case: dict[str, Any], artifacts: Path
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            await page.goto(base + "/console/queue")  # not signed in: the login form
            await page.get_by_label("用户名").fill("banli")
            await page.get_by_label("密码").fill(STAFF_PASSWORD)
            await page.get_by_role("button", name="登录").click()
            await page.wait_for_url("**/console/queue")
            link = page.get_by_role("link", name=submitted_case["case_no"], exact=False)
            await link.wait_for()
            await page.screenshot(path=str(artifacts / "console-queue.png"), full_page=True)

            await link.click()
            await page.wait_for_url(f"**/console/cases/{submitted_case['id']}")
            assert (await page.locator("#case-status").inner_text()).strip() == "已提交"
            await page.get_by_label("受理", exact=True).check()
            await page.get_by_label("备注").fill("材料齐全，予以受理")
            await page.get_by_role("button", name="提交").click()
            await page.wait_for_load_state()
            status = page.locator("#case-status")
            assert (await status.inner_text()).strip() == "已受理"
            assert await page.get_by_text("材料齐全，予以受理").count() == 1
            await page.screenshot(path=str(artifacts / "console-case-accepted.png"), full_page=True)

            await page.get_by_role("link", name="每周通报").click()
            await page.locator("svg").first.wait_for()
            await page.screenshot(path=str(artifacts / "console-report.png"), full_page=True)
        finally:
            await browser.close()
    assert (await Case.get(id=submitted_case["id"])).status == CaseStatus.ACCEPTED


async def test_visitor_reveals_a_phone_by_click_under_the_content_security_policy(
    client: TestClient, callback_visit: int, artifacts: Path
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            blocked = csp_refusals(page)
            await page.goto(base + "/console/login")
            await page.get_by_label("用户名").fill("huifang")
            await page.get_by_label("密码").fill(STAFF_PASSWORD)
            await page.get_by_role("button", name="登录").click()
            await page.wait_for_url("**/console/queue")
            await page.get_by_role("link", name="回访工作单").click()
            await page.wait_for_url("**/console/callbacks")
            phone = page.locator(f"#phone-{callback_visit}")
            assert (await phone.inner_text()).strip() == "138****5678"
            # The hashed inline stylesheet applies: the header keeps its colour.
            colour = await page.locator("header").evaluate(
                "element => getComputedStyle(element).backgroundColor"
            )
            assert colour == "rgb(29, 78, 137)"
            await page.get_by_role("button", name="显示联系方式").click()
            await page.wait_for_load_state()
            revealed = page.locator(f"#phone-{callback_visit}")
            assert (await revealed.inner_text()).strip() == "13812345678"
            await page.screenshot(path=str(artifacts / "console-callback-reveal.png"))
            assert blocked == []
        finally:
            await browser.close()
