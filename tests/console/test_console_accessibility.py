"""Every console page a role can reach passes axe-core (no serious or critical finding).

For each role: sign in, open every page of the navigation, then every page one link further
(a case, a ticket, ...), in real Chromium; each page is checked by tests/console/axe.py and
kept as a screenshot in artifacts/a11y-<role>-<page>.png.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient

from models.tickets import TicketExtension
from tests.conftest import STAFF_PASSWORD
from tests.console.axe import assert_accessible, axe_source, new_console_context
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.clerk_fixtures import ClerkDay
from tests.console.handler_setup import bad_review, screened_ticket
from tests.console.supervision_helpers import red_card_for, staff_headers

pytestmark = needs_chromium
ROLES = {
    "clerk": "chuangkou",
    "handler": "banli",
    "supervisor": "jiancha",
    "callback": "huifang",
}
# Not pages: sign-out and downloads; the WeCom sign-in leaves for WeCom's own site.
SKIPPED = re.compile(r"^/console/(logout|login)|/export\b")
NUMBER = re.compile(r"/\d+(?=/|$)")
PAGE_LIMIT = 60


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings  # the clerk's hall keeps uploads under the test's directory


async def sign_in(page: Any, base: str, username: str) -> None:
    await page.goto(base + "/console/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/console/queue")


async def console_links(page: Any, selector: str) -> list[str]:
    """Paths (with query) of the console pages linked from the part of the page `selector`."""
    hrefs = await page.locator(f"{selector} a[href]").evaluate_all(
        "links => links.filter(a => !a.hasAttribute('download')).map(a => a.href)"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith("/console/") and not SKIPPED.search(parts.path):
            paths.append(path)
    return list(dict.fromkeys(paths))


def page_kind(path: str) -> str:
    """/console/cases/12 and /console/cases/13 are one kind of page: check one of them."""
    return NUMBER.sub("/n", path.split("?")[0])


def artifact_name(role: str, path: str) -> str:
    return f"a11y-{role}-" + path.removeprefix("/console/").replace("/", "-").replace("?", "-")


async def visit(page: Any, url: str) -> None:
    """Open a page; a link the console shows a role leads to a page that role may see."""
    response = await page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)


async def crawl(page: Any, base: str, role: str) -> list[str]:
    """The landing page and the nav pages, then one level of links from each; returns the
    paths checked."""
    start = ["/console/queue", *await console_links(page, "header nav")]
    checked: list[str] = []
    kinds: set[str] = set()
    for nav_path in start:
        if page_kind(nav_path) in kinds:
            continue
        kinds.add(page_kind(nav_path))
        await visit(page, base + nav_path)
        await assert_accessible(page, artifact_name(role, nav_path))
        checked.append(nav_path)
        for path in await console_links(page, "main"):
            if page_kind(path) in kinds or len(checked) >= PAGE_LIMIT:
                continue
            kinds.add(page_kind(path))
            await visit(page, base + path)
            await assert_accessible(page, artifact_name(role, path))
            checked.append(path)
    return checked


@pytest.fixture
async def busy_console(
    client: TestClient,
    clerk_day: ClerkDay,
    submitted_case: dict[str, Any],
    callback_visit: int,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> dict[str, int]:
    """Something on every page: a hall with bookings, a callback due, a red card, a ticket
    with an extension to decide, a bad review to rectify (all through the real API)."""
    handler = await staff_headers(client, "banli")
    card = await red_card_for(client, int(submitted_case["id"]), handler)
    ticket = await screened_ticket(client, login_citizen, title="窗口排队太久", openid="o-q")
    asked = await client.post(
        f"/api/tickets/{ticket}/extensions",
        json={"working_days": 3, "reason": "需调取监控核实"},
        headers=handler,
    )
    assert asked.status == 201, await asked.text()
    citizen = await login_citizen("o-reviewer")
    body = {
        "item_code": "ITEM-A",
        "applicant_name": "李四",
        "applicant_phone": "13912340000",
        "applicant_id_number": "11010519491231002X",
        "form": {"reason": "地址变更"},
        "materials": [{"name": "申请书", "ref": "upload/9"}],
    }
    created = await client.post("/api/cases", json=body, headers=citizen)
    assert created.status == 201, await created.text()
    rectification = await bad_review(client, (await created.json())["case"], citizen)
    extension = await TicketExtension.get(ticket_id=ticket)
    return {"card": card.id, "ticket": ticket, "extension": extension.id, "rect": rectification}


@pytest.mark.parametrize("role", list(ROLES))
async def test_every_page_of_a_role_passes_axe(
    client: TestClient, submitted_case: dict[str, Any], busy_console: dict[str, int], role: str
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    axe_source()  # skip early (fail under CI) without axe-core
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await (await new_console_context(browser)).new_page()
            await sign_in(page, base, ROLES[role])
            checked = await crawl(page, base, role)
        finally:
            await browser.close()
    print(f"{role}: checked {checked}")
    # The crawl really went somewhere: every role has a navigation to follow.
    assert len(checked) >= 4, checked
    kinds = {page_kind(path) for path in checked}
    if role == "handler":
        assert {"/console/cases/n", "/console/tickets/n", "/console/rectifications/n"} <= kinds
    if role == "clerk":
        assert {"/console/hall", "/console/hall/walk-in"} <= kinds, checked
    if role == "supervisor":
        assert {"/console/decisions", "/console/audit", "/console/callbacks/n"} <= kinds


async def test_sign_in_and_error_pages_pass_axe(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    axe_source()
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await (await new_console_context(browser)).new_page()
            await page.goto(base + "/console/login")
            await assert_accessible(page, "a11y-login")
            await page.get_by_label("用户名").fill("banli")
            await page.get_by_label("密码").fill("wrong password")
            await page.get_by_role("button", name="登录").click()
            await page.get_by_role("alert").wait_for()
            await assert_accessible(page, "a11y-login-refused")
            await sign_in(page, base, "banli")
            missing = await page.goto(base + "/console/cases/999999999")
            assert missing is not None and missing.status == 404
            await assert_accessible(page, "a11y-error-404")
        finally:
            await browser.close()


async def test_the_check_fails_a_page_with_serious_problems() -> None:
    """The check itself can fail: an unlabelled input and grey-on-white text are caught."""
    playwright_api = pytest.importorskip("playwright.async_api")
    axe_source()
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await (await new_console_context(browser)).new_page()
            await page.set_content(
                '<html lang="zh-CN"><head><title>坏页面</title></head><body><main><h1>坏页面</h1>'
                '<p style="color:#bbb;background:#fff">看不清的字</p><input name="q"></main>'
                "</body></html>"
            )
            with pytest.raises(AssertionError) as failure:
                await assert_accessible(page, "a11y-self-check")
        finally:
            await browser.close()
    report = str(failure.value)
    assert "[critical] label" in report and "<input" in report
    assert "[serious] color-contrast" in report and "看不清的字" in report
