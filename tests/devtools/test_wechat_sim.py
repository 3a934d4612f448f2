"""Behaviour both hosts share: faults, latency, the request log, and serving on real ports."""

from __future__ import annotations

import time

import aiohttp
import pytest

from devtools.wechat_sim import SimulatorState, start_simulators
from devtools.wechat_sim.__main__ import parse_args
from tests.devtools.sim_support import APPID, CORPID, CORPSECRET, SECRET, Client, body, errcode

TOKEN = "/cgi-bin/token"
GETTOKEN = "/cgi-bin/gettoken"
TOKEN_PARAMS = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}
GETTOKEN_PARAMS = {"corpid": CORPID, "corpsecret": CORPSECRET}


async def test_injected_errcode_answers_the_next_calls_then_recovers(
    mp: Client, state: SimulatorState
) -> None:
    state.inject_fault(TOKEN, errcode=-1, times=2)

    first = await body(await mp.get(TOKEN, params=TOKEN_PARAMS))
    second = await errcode(await mp.get(TOKEN, params=TOKEN_PARAMS))
    third = await body(await mp.get(TOKEN, params=TOKEN_PARAMS))

    assert first["errcode"] == -1
    assert first["errmsg"].startswith("system error rid: ")
    assert second == -1
    assert "access_token" in third


async def test_injected_errcode_uses_the_hosts_wording(
    wecom: Client, state: SimulatorState
) -> None:
    state.inject_fault(GETTOKEN, errcode=-1)

    data = await body(await wecom.get(GETTOKEN, params=GETTOKEN_PARAMS))

    assert data["errcode"] == -1
    assert data["errmsg"].startswith("system busy, hint: [")


async def test_injected_errmsg_is_sent_as_given(mp: Client, state: SimulatorState) -> None:
    state.inject_fault(TOKEN, errcode=40164, errmsg="invalid ip 10.0.0.1, not in whitelist")

    data = await body(await mp.get(TOKEN, params=TOKEN_PARAMS))

    assert data == {"errcode": 40164, "errmsg": "invalid ip 10.0.0.1, not in whitelist"}


@pytest.mark.parametrize("status", [502, 503])
async def test_injected_http_status_answers_a_gateway_page(
    mp: Client, state: SimulatorState, status: int
) -> None:
    state.inject_fault(TOKEN, http_status=status)

    response = await mp.get(TOKEN, params=TOKEN_PARAMS)

    assert response.status == status
    assert response.content_type == "text/html"
    assert (await mp.get(TOKEN, params=TOKEN_PARAMS)).status == 200


async def test_injected_delay_answers_normally_but_late(mp: Client, state: SimulatorState) -> None:
    state.inject_fault(TOKEN, delay=0.2)
    started = time.monotonic()

    data = await body(await mp.get(TOKEN, params=TOKEN_PARAMS))

    assert time.monotonic() - started >= 0.2
    assert "access_token" in data


async def test_delay_is_seen_as_a_timeout_by_an_impatient_client(
    mp: Client, state: SimulatorState
) -> None:
    state.inject_fault(TOKEN, delay=0.5)

    with pytest.raises(TimeoutError):
        await mp.get(TOKEN, params=TOKEN_PARAMS, timeout=aiohttp.ClientTimeout(total=0.1))


async def test_global_latency_slows_every_call(mp: Client, state: SimulatorState) -> None:
    state.latency = 0.1
    started = time.monotonic()

    await mp.get(TOKEN, params=TOKEN_PARAMS)

    assert time.monotonic() - started >= 0.1


async def test_every_request_is_logged(
    mp: Client, wecom: Client, state: SimulatorState, mp_token: str
) -> None:
    await mp.post(
        "/cgi-bin/message/custom/send", params={"access_token": mp_token}, json={"touser": "x"}
    )
    await wecom.get(GETTOKEN, params=GETTOKEN_PARAMS)
    await mp.post("/__sim/expire_tokens")

    [custom] = state.calls("/cgi-bin/message/custom/send")
    assert (custom.host, custom.method, custom.json) == ("mp", "POST", {"touser": "x"})
    assert custom.query == {"access_token": mp_token}
    assert [record.path for record in state.received] == [TOKEN, custom.path, GETTOKEN]


async def test_reset_forgets_activity_but_keeps_registrations(
    mp: Client, state: SimulatorState, mp_token: str
) -> None:
    state.register_template("tpl", ["thing1"])
    state.grant_subscription("o-alice", "tpl")
    state.inject_fault(TOKEN, errcode=-1)
    state.advance(100)

    state.reset()

    assert state.received == []
    assert state.remaining_subscriptions("o-alice", "tpl") == 0
    assert state.mp.templates["tpl"] == ("thing1",)
    assert "access_token" in await body(await mp.get(TOKEN, params=TOKEN_PARAMS))
    response = await mp.post("/cgi-bin/message/custom/send", params={"access_token": mp_token})
    assert await errcode(response) == 40001


async def test_simulators_serve_both_hosts_on_free_ports() -> None:
    state = SimulatorState()
    runner, mp_url, wecom_url = await start_simulators(state)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(mp_url + TOKEN, params=TOKEN_PARAMS) as response:
                mp_data = await response.json()
            async with session.get(wecom_url + GETTOKEN, params=GETTOKEN_PARAMS) as response:
                wecom_data = await response.json()
    finally:
        await runner.cleanup()

    assert mp_url != wecom_url
    assert "access_token" in mp_data
    assert wecom_data["errcode"] == 0
    assert [record.host for record in state.received] == ["mp", "wecom"]


def test_command_line_defaults_match_the_brief() -> None:
    args = parse_args([])

    assert (args.host, args.mp_port, args.wecom_port) == ("127.0.0.1", 9100, 9101)
    assert (args.appid, args.secret, args.corpid) == (APPID, SECRET, CORPID)
