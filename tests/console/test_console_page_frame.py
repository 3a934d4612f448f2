"""What every console page shares for keyboard and screen-reader users: a skip link to the main
content, a navigation with only the pages the role may open, and error pages whose way back
works without a script and whose English domain messages are marked as English."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import Case, CaseStatus
from tests.console.conftest import csrf_of

Login = Callable[..., Awaitable[str]]


async def test_pages_offer_a_skip_link_to_the_main_content(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    html = await console_login("banli")
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html
    assert '<main id="main" tabindex="-1">' in html


async def test_the_callback_worklist_is_in_the_navigation_only_of_those_who_may_open_it(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    for username, shown in (("banli", False), ("chuangkou", False), ("huifang", True),
                            ("jiancha", True)):  # fmt: skip
        html = await console_login(username)
        assert ('href="/console/callbacks"' in html) is shown, username
        assert (await client.get("/console/callbacks")).status == (200 if shown else 403)
        await client.post("/console/logout", data={"csrf": csrf_of(html)})


async def test_an_error_page_links_back_to_the_page_the_form_was_on(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    case_path = f"/console/cases/{submitted_case['id']}"
    html = await (await client.get(case_path)).text()
    response = await client.post(
        case_path + "/actions",
        data={"csrf": csrf_of(html), "action": "fly"},
        headers={"Referer": str(client.make_url(case_path))},
    )
    page = await response.text()
    assert response.status == 422
    assert f'<a href="{case_path}">返回上一页</a>' in page
    assert "javascript:" not in page  # the CSP would block it: the link would do nothing
    assert '<p class="message" role="alert" lang="en">choose an action' in page
    assert (await Case.get(id=submitted_case["id"])).status == CaseStatus.SUBMITTED


async def test_an_error_page_never_links_back_to_another_site(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    response = await client.get(
        "/console/cases/123456", headers={"Referer": "https://evil.example/console/queue"}
    )
    page = await response.text()
    assert response.status == 404
    assert '<a href="/console/queue">返回上一页</a>' in page
    assert "evil.example" not in page
