"""Citizen login through WeChat (against the simulator), staff login, sessions, getMe."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from devtools.wechat_sim import SimulatorState
from models.audit import AuditRecord
from models.people import Citizen


async def test_citizen_login_returns_a_token_that_get_me_accepts(
    client: TestClient, sim_state: SimulatorState
) -> None:
    code = sim_state.issue_login_code("o-citizen-1", unionid="u-union-1")
    response = await client.post("/api/auth/login", json={"code": code})
    assert response.status == 200
    body = await response.json()
    assert body["kind"] == "citizen" and len(body["token"]) >= 40

    me = await client.get("/api/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status == 200
    data = await me.json()
    assert data["kind"] == "citizen" and data["staff"] is None
    citizen = await Citizen.get(openid="o-citizen-1")
    assert data["citizen"]["id"] == citizen.id
    assert citizen.unionid == "u-union-1"
    # WeChat was asked with our app's credentials and the code, as auth.code2Session requires.
    call = sim_state.calls("/sns/jscode2session")[-1]
    assert call.query["js_code"] == code and call.query["appid"] == sim_state.appid


async def test_second_login_finds_the_same_citizen_and_registration_is_audited(
    client: TestClient, login_citizen: Any
) -> None:
    await login_citizen("o-repeat")
    await login_citizen("o-repeat")
    assert await Citizen.filter(openid="o-repeat").count() == 1
    citizen = await Citizen.get(openid="o-repeat")
    audits = await AuditRecord.filter(object_type="citizen", object_id=str(citizen.id))
    assert [a.action for a in audits] == ["citizen.registered"]


async def test_get_me_masks_personal_data(client: TestClient, login_citizen: Any) -> None:
    headers = await login_citizen("o-masked")
    await Citizen.filter(openid="o-masked").update(
        real_name="张三丰", phone="13812345678", id_number="110101199003071234"
    )
    data = (await (await client.get("/api/me", headers=headers)).json())["citizen"]
    assert data["phone"] == "138****5678"
    assert data["id_number"] == "1101**********1234"
    assert data["real_name"] == "张**"


@pytest.mark.parametrize(
    ("errcode", "status", "code"),
    [
        (40029, 401, "wechat_code_invalid"),
        (45011, 429, "wechat_rate_limited"),
        (-1, 503, "wechat_busy"),
        (40125, 503, "wechat_misconfigured"),
    ],
)
async def test_wechat_login_errors_become_clear_answers(
    client: TestClient, sim_state: SimulatorState, errcode: int, status: int, code: str
) -> None:
    sim_state.inject_fault("/sns/jscode2session", errcode=errcode)
    login_code = sim_state.issue_login_code("o-unlucky")
    response = await client.post("/api/auth/login", json={"code": login_code})
    assert response.status == status
    body = await response.json()
    assert body["code"] == code and body["message"]
    if status in (429, 503):
        assert int(response.headers["Retry-After"]) > 0
    assert not await Citizen.exists(openid="o-unlucky")


async def test_a_login_code_works_once(client: TestClient, sim_state: SimulatorState) -> None:
    code = sim_state.issue_login_code("o-once")
    assert (await client.post("/api/auth/login", json={"code": code})).status == 200
    again = await client.post("/api/auth/login", json={"code": code})
    assert again.status == 401
    assert (await again.json())["code"] == "wechat_code_invalid"


async def test_unknown_code_is_refused(client: TestClient) -> None:
    response = await client.post("/api/auth/login", json={"code": "never-issued"})
    assert response.status == 401
    assert (await response.json())["code"] == "wechat_code_invalid"


async def test_wechat_down_is_a_503_not_a_crash(
    client: TestClient, sim_state: SimulatorState
) -> None:
    sim_state.inject_fault("/sns/jscode2session", http_status=502)
    response = await client.post("/api/auth/login", json={"code": "x"})
    assert response.status == 503
    assert (await response.json())["code"] == "wechat_busy"


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_WECHAT_TIMEOUT_SECONDS": "0.2"}])
async def test_wechat_hanging_times_out_with_503(
    client: TestClient, sim_state: SimulatorState
) -> None:
    sim_state.inject_fault("/sns/jscode2session", delay=2.0)
    response = await client.post("/api/auth/login", json={"code": sim_state.issue_login_code("o")})
    assert response.status == 503
    assert (await response.json())["code"] == "wechat_unreachable"


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": "3"}])
async def test_login_attempts_are_rate_limited_per_address(client: TestClient) -> None:
    statuses = [
        (await client.post("/api/auth/login", json={"code": f"bad-{i}"})).status for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    limited = await client.post("/api/auth/login", json={"code": "bad"})
    assert (await limited.json())["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 60


async def test_logout_revokes_the_token(client: TestClient, login_citizen: Any) -> None:
    headers = await login_citizen("o-leaving")
    assert (await client.post("/api/auth/logout", headers=headers)).status == 204
    response = await client.get("/api/me", headers=headers)
    assert response.status == 401
    assert (await response.json())["code"] == "session_expired"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer not-a-real-token", "Basic dXNlcjpwYXNz", "token"]
)
async def test_missing_or_bad_tokens_are_401(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = await client.get("/api/me", headers=headers)
    assert response.status == 401
    assert (await response.json())["code"] in {"unauthenticated", "session_expired"}


async def test_staff_login_and_get_me_show_department_and_roles(
    client: TestClient, make_staff: Any
) -> None:
    headers = await make_staff("handler-a", ["handler", "clerk"], "DEPT-A")
    data = await (await client.get("/api/me", headers=headers)).json()
    assert data["kind"] == "staff"
    assert data["staff"]["roles"] == ["clerk", "handler"]
    assert data["staff"]["department"]["code"] == "DEPT-A"
    assert data["staff"]["wecom_bound"] is False


async def test_staff_wrong_password_and_unknown_user_look_the_same(
    client: TestClient, make_staff: Any
) -> None:
    await make_staff("real-user", ["clerk"])
    wrong = await client.post(
        "/api/auth/staff-login", json={"username": "real-user", "password": "nope"}
    )
    unknown = await client.post(
        "/api/auth/staff-login", json={"username": "ghost", "password": "nope"}
    )
    assert wrong.status == unknown.status == 401
    assert await wrong.json() == await unknown.json()


async def test_deactivated_staff_session_stops_working(client: TestClient, make_staff: Any) -> None:
    headers = await make_staff("leaver", ["handler"], active=False)
    response = await client.get("/api/me", headers=headers)
    assert response.status == 401
    assert (await response.json())["code"] == "account_inactive"
