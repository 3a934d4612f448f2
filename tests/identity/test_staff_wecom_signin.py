"""Staff sign in with WeChat Work through the simulator: the QR page outside WeCom, OAuth inside
it, auth/getuserinfo then user/get, mapped to the staff account by userid; password sign-in
stays only where an admin allows it."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient

from devtools.wechat_sim import SimulatorState
from models.people import Department, StaffAccount
from tests.conftest import STAFF_PASSWORD

WXWORK_UA = "Mozilla/5.0 (Linux; Android 14) wxwork/4.1.30 MicroMessenger/7.0.1"


@pytest.fixture
def settings_overrides(wechat_sim: dict[str, str]) -> dict[str, str]:
    # The simulated WeCom host serves the browser pages too.
    return {
        "MINIAPP_IDENTITY_WECOM_OAUTH_BASE": wechat_sim["wecom"],
        "MINIAPP_IDENTITY_WECOM_SSO_BASE": wechat_sim["wecom"],
    }


@pytest.fixture
async def staff(client: TestClient, sim_state: SimulatorState) -> StaffAccount:
    department = await Department.create(code="DEPT-A", name="部门 A", region="测试县")
    sim_state.register_wecom_user("ZhangWei")
    sim_state.wecom_oauth.profiles["ZhangWei"] = {"name": "张伟"}
    from tests.conftest import _password_hash

    return await StaffAccount.create(
        username="zhangwei", name="张伟", department=department, roles=["handler"],
        password_hash=_password_hash(), wecom_userid="zhangwei",
    )  # fmt: skip


async def _follow_to_callback(client: TestClient, headers: dict[str, str]) -> str:
    start = await client.get("/console/login/wecom", headers=headers, allow_redirects=False)
    assert start.status == 302
    async with client.session.get(start.headers["Location"], allow_redirects=False) as answer:
        assert answer.status == 302, await answer.text()
        return answer.headers["Location"]


async def test_qr_sign_in_outside_wecom_opens_the_console(
    client: TestClient, staff: StaffAccount, sim_state: SimulatorState
) -> None:
    sim_state.wecom_oauth.browser_user = "ZhangWei"
    start = await client.get("/console/login/wecom", allow_redirects=False)
    assert "/wwlogin/sso/login?" in start.headers["Location"]
    callback = await _follow_to_callback(client, {})
    path = urlsplit(callback)
    signed = await client.get(path.path + "?" + path.query)
    assert signed.status == 200, await signed.text()
    queue = await client.get("/console/queue", allow_redirects=False)
    assert queue.status == 200
    assert 'action="/console/logout"' in await queue.text()


async def test_inside_wecom_uses_oauth_authorize(
    client: TestClient, staff: StaffAccount, sim_state: SimulatorState
) -> None:
    sim_state.wecom_oauth.browser_user = "ZhangWei"
    headers = {"User-Agent": WXWORK_UA}
    start = await client.get("/console/login/wecom", headers=headers, allow_redirects=False)
    location = start.headers["Location"]
    assert "/connect/oauth2/authorize?" in location and location.endswith("#wechat_redirect")
    query = parse_qs(urlsplit(location).query)
    assert query["scope"] == ["snsapi_base"]


async def test_callback_with_a_state_not_ours_is_refused(
    client: TestClient, staff: StaffAccount, sim_state: SimulatorState
) -> None:
    code = sim_state.wecom_oauth.issue_code(sim_state.corpid, "ZhangWei", sim_state.now())
    forged = await client.get(f"/console/login/wecom/callback?code={code}&state=abc")
    assert forged.status == 403
    assert (await client.get("/console/queue", allow_redirects=False)).status == 303


async def test_api_wecom_login_maps_the_member_to_the_staff_account(
    client: TestClient, staff: StaffAccount, sim_state: SimulatorState
) -> None:
    code = sim_state.wecom_oauth.issue_code(sim_state.corpid, "ZhangWei", sim_state.now())
    response = await client.post("/api/auth/wecom-login", json={"code": code})
    assert response.status == 200, await response.text()
    token = (await response.json())["token"]
    me = await (await client.get("/api/me", headers={"Authorization": f"Bearer {token}"})).json()
    assert me["staff"]["username"] == "zhangwei"
    replay = await client.post("/api/auth/wecom-login", json={"code": code})
    assert (replay.status, (await replay.json())["code"]) == (401, "wecom_code_invalid")


async def test_member_without_staff_account_is_refused(
    client: TestClient, staff: StaffAccount, sim_state: SimulatorState
) -> None:
    sim_state.register_wecom_user("stranger")
    code = sim_state.wecom_oauth.issue_code(sim_state.corpid, "stranger", sim_state.now())
    response = await client.post("/api/auth/wecom-login", json={"code": code})
    assert (response.status, (await response.json())["code"]) == (401, "wecom_account_unknown")


async def test_password_sign_in_only_where_an_admin_allows_it(
    client: TestClient, staff: StaffAccount
) -> None:
    body: dict[str, Any] = {"username": "zhangwei", "password": STAFF_PASSWORD}
    assert (await client.post("/api/auth/staff-login", json=body)).status == 200
    await StaffAccount.filter(id=staff.id).update(password_login_allowed=False)
    refused = await client.post("/api/auth/staff-login", json=body)
    assert (refused.status, (await refused.json())["code"]) == (401, "password_login_disabled")


async def test_admin_links_a_member_and_turns_password_sign_in_off(
    client: TestClient, staff: StaffAccount, make_staff: Any
) -> None:
    admin = await make_staff("admin1", ["admin"])
    path = f"/api/admin/staff/{staff.id}/sign-in"
    lockout = await client.put(
        path, json={"wecom_userid": None, "password_login_allowed": False}, headers=admin
    )
    assert (lockout.status, (await lockout.json())["code"]) == (409, "no_sign_in_left")
    changed = await client.put(
        path, json={"wecom_userid": "ZhangWei", "password_login_allowed": False}, headers=admin
    )
    assert changed.status == 200, await changed.text()
    body = {"username": "zhangwei", "password": STAFF_PASSWORD}
    refused = await client.post("/api/auth/staff-login", json=body)
    assert (await refused.json())["code"] == "password_login_disabled"
    handler = await make_staff("handler1", ["handler"])
    assert (
        await client.put(path, json={"password_login_allowed": True}, headers=handler)
    ).status == 403
