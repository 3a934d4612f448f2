"""The /__sim/ control API, as another process (demo, benchmark) would use it."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import APPID, SECRET, START, Client, body, errcode

LOGIN = "/sns/jscode2session"
TOKEN = "/cgi-bin/token"
TOKEN_PARAMS = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}


async def control(client: Client, path: str, payload: dict[str, Any] | None = None) -> Any:
    response = await client.post(f"/__sim/{path}", json=payload or {})
    assert response.status == 200, await response.text()
    return await response.json()


async def test_login_code_can_be_exchanged(mp: Client) -> None:
    code = (await control(mp, "login_code", {"openid": "o-alice", "unionid": "u-1"}))["code"]
    params = {"appid": APPID, "secret": SECRET, "js_code": code}

    data = await body(await mp.get(LOGIN, params={**params, "grant_type": "authorization_code"}))

    assert (data["openid"], data["unionid"]) == ("o-alice", "u-1")


async def test_subscriptions_add_quota(mp: Client, state: SimulatorState) -> None:
    payload = {"openid": "o-alice", "template_id": "tpl", "count": 2}

    assert await control(mp, "subscriptions", payload) == {"remaining": 2}
    assert state.remaining_subscriptions("o-alice", "tpl") == 2


async def test_faults_apply_to_the_named_path(mp: Client) -> None:
    pending = await control(mp, "faults", {"path": TOKEN, "errcode": 45009, "times": 2})

    assert pending == {"pending": 2}
    assert await errcode(await mp.get(TOKEN, params=TOKEN_PARAMS)) == 45009


async def test_http_status_fault_from_the_control_api(wecom: Client) -> None:
    await control(wecom, "faults", {"path": "/cgi-bin/gettoken", "http_status": 503})

    assert (await wecom.get("/cgi-bin/gettoken")).status == 503


async def test_expire_tokens_and_advance(mp: Client, state: SimulatorState, mp_token: str) -> None:
    assert await control(mp, "advance", {"seconds": 30}) == {"now": START + 30}
    assert await control(mp, "expire_tokens") == {"ok": True}

    response = await mp.post("/cgi-bin/message/custom/send", params={"access_token": mp_token})
    assert await errcode(response) == 42001


async def test_log_lists_requests_by_path(mp: Client) -> None:
    await mp.get(TOKEN, params=TOKEN_PARAMS)
    await mp.get(LOGIN)

    data = await (await mp.get("/__sim/log", params={"path": TOKEN})).json()

    assert [record["path"] for record in data["requests"]] == [TOKEN]
    assert data["requests"][0]["query"] == TOKEN_PARAMS


async def test_reset_clears_the_log(mp: Client, state: SimulatorState) -> None:
    await mp.get(TOKEN, params=TOKEN_PARAMS)

    assert await control(mp, "reset") == {"ok": True}
    assert state.received == []


async def test_registrations_through_the_control_api(wecom: Client, state: SimulatorState) -> None:
    await control(wecom, "templates", {"template_id": "tpl", "keys": ["thing1", "time2"]})
    await control(wecom, "interactions", {"openid": "o-alice"})
    await control(wecom, "wecom_users", {"userid": "ZhangSan"})
    await control(wecom, "robots", {"key": "k1"})
    await control(wecom, "rate_limits", {"path": TOKEN, "per_minute": 5})
    await control(wecom, "latency", {"seconds": 0})

    assert state.mp.templates["tpl"] == ("thing1", "time2")
    assert state.may_message("o-alice")
    assert state.wecom.has_user("zhangsan")
    assert "k1" in state.wecom.robots
    assert state.rate_limits.limit(TOKEN) == 5


async def test_delivered_lists_messages_by_channel(wecom: Client, state: SimulatorState) -> None:
    await control(wecom, "robots", {"key": "k1"})
    await wecom.post(
        "/cgi-bin/webhook/send",
        params={"key": "k1"},
        json={"msgtype": "text", "text": {"content": "hi"}},
    )

    data = await (await wecom.get("/__sim/delivered", params={"channel": "wecom.robot"})).json()

    assert [m["recipients"] for m in data["messages"]] == [["k1"]]


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("login_code", {}),
        ("login_code", {"openid": "o", "appid": "wx-unknown"}),
        ("subscriptions", {"openid": "o", "template_id": "t", "count": 0}),
        ("faults", {"path": TOKEN, "times": 0}),
        ("faults", {"path": TOKEN, "http_status": 1000}),
        ("advance", {"seconds": -1}),
        ("templates", {"template_id": "t", "keys": "thing1"}),
    ],
)
async def test_malformed_control_requests_are_400(
    mp: Client, path: str, payload: dict[str, Any]
) -> None:
    response = await mp.post(f"/__sim/{path}", json=payload)

    assert response.status == 400
    assert "error" in await response.json()
