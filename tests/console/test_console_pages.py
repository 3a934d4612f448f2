"""The staff console over HTTP: sign-in, the queue, acting on a case, worklists, the report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import Case, CaseStatus
from tests.console.conftest import csrf_of

Login = Callable[..., Awaitable[str]]


async def test_pages_need_a_signed_in_staff_member(client: TestClient) -> None:
    for path in ("/console/", "/console/queue", "/console/reports", "/console/cases/1"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"] == "/console/login"


async def test_login_sets_a_strict_http_only_cookie_and_shows_the_queue(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    form = await client.get("/console/login")
    response = await client.post(
        "/console/login",
        data={"csrf": csrf_of(await form.text()), "username": "banli",
              "password": "correct horse battery staple"},
        allow_redirects=False,
    )  # fmt: skip
    assert response.status == 303
    cookie = response.cookies["console_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    queue = await client.get("/console/queue")
    html = await queue.text()
    assert "我的待办" in html and submitted_case["case_no"] in html


async def test_wrong_password_and_missing_csrf_are_refused(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    html = await console_login("banli", "wrong password")
    assert "用户名或密码错误" in html
    response = await client.post(
        "/console/login", data={"username": "banli", "password": "x"}, allow_redirects=False
    )
    assert response.status == 403


async def test_handler_accepts_a_case_from_its_page(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    page = await client.get(f"/console/cases/{submitted_case['id']}")
    html = await page.text()
    assert "已提交" in html and 'value="accept"' in html and "张*" in html
    response = await client.post(
        f"/console/cases/{submitted_case['id']}/actions",
        data={"csrf": csrf_of(html), "action": "accept", "note": "材料齐全"},
    )
    assert response.status == 200
    assert "已受理" in await response.text()
    assert (await Case.get(id=submitted_case["id"])).status == CaseStatus.ACCEPTED


async def test_actions_without_the_form_token_or_with_bad_input_change_nothing(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    path = f"/console/cases/{submitted_case['id']}/actions"
    assert (await client.post(path, data={"action": "accept"})).status == 403
    html = await (await client.get(f"/console/cases/{submitted_case['id']}")).text()
    token = csrf_of(html)
    assert (await client.post(path, data={"csrf": token, "action": "fly"})).status == 422
    deny = await client.post(path, data={"csrf": token, "action": "approve"})
    assert deny.status == 409
    for bad in ("/console/cases/abc", "/console/cases/0", "/console/cases/99999999999999999999"):
        assert (await client.get(bad)).status == 404, bad
    assert (await client.get("/console/cases/123456")).status == 404
    assert (await Case.get(id=submitted_case["id"])).status == CaseStatus.SUBMITTED


async def test_a_clerk_sees_only_the_actions_of_a_clerk(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("chuangkou")
    html = await (await client.get(f"/console/cases/{submitted_case['id']}")).text()
    assert 'value="pre_review"' in html and 'value="accept"' not in html
    response = await client.post(
        f"/console/cases/{submitted_case['id']}/actions",
        data={"csrf": csrf_of(html), "action": "accept"},
    )
    assert response.status == 403


async def test_worklists_report_and_exports_render(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("jiancha")
    assert "督办看板" in await (await client.get("/console/cards")).text()
    report = await client.get("/console/reports")
    html = await report.text()
    assert report.status == 200 and "<svg" in html and "市场监督管理局" in html
    bad = await client.get("/console/reports?week_start=2026-13-45")
    assert bad.status == 422
    export = await client.get("/console/reports/export?format=xlsx")
    assert export.status == 200 and export.content_type.endswith("spreadsheetml.sheet")
    # Supervisors are not callback visitors... but they may do callbacks (listCallbackTasks).
    assert (await client.get("/console/callbacks")).status == 200
    await client.post("/console/logout", data={"csrf": csrf_of(html)})
    assert (await client.get("/console/queue", allow_redirects=False)).status == 303


async def test_a_handler_may_not_open_the_callback_worklist(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    assert (await client.get("/console/callbacks")).status == 403
