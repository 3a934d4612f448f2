"""Mini-program host: subscribe messages and customer-service messages."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import Client, body, errcode, fetch_mp_token

SUBSCRIBE = "/cgi-bin/message/subscribe/send"
CUSTOM = "/cgi-bin/message/custom/send"
TEMPLATE = "tpl-case-accepted"


@pytest.fixture
def subscribed(state: SimulatorState) -> str:
    state.register_template(TEMPLATE, ["thing1", "time2", "character_string3"])
    state.grant_subscription("o-alice", TEMPLATE)
    return "o-alice"


def message(touser: str = "o-alice", **fields: Any) -> dict[str, Any]:
    data = {
        "thing1": {"value": "营业执照办理"},
        "time2": {"value": "2024年10月1日 15:01"},
        "character_string3": {"value": "CASE-2024-0001"},
    }
    return {
        "touser": touser,
        "template_id": TEMPLATE,
        "page": "pages/case/detail?id=1",
        "data": data,
        "miniprogram_state": "formal",
        "lang": "zh_CN",
        **fields,
    }


async def test_subscribe_send_delivers_and_consumes_the_quota(
    mp: Client, state: SimulatorState, mp_token: str, subscribed: str
) -> None:
    data = await body(await mp.post(SUBSCRIBE, params={"access_token": mp_token}, json=message()))

    assert data["errcode"] == 0
    assert data["errmsg"] == "ok"
    assert isinstance(data["msgid"], int)
    assert state.remaining_subscriptions(subscribed, TEMPLATE) == 0
    assert [m.recipients for m in state.delivered] == [("o-alice",)]


async def test_second_send_without_new_quota_is_refused(
    mp: Client, mp_token: str, subscribed: str
) -> None:
    params = {"access_token": mp_token}
    await mp.post(SUBSCRIBE, params=params, json=message())

    data = await body(await mp.post(SUBSCRIBE, params=params, json=message()))

    assert data["errcode"] == 43101
    assert data["errmsg"].startswith("user refuse to accept the msg rid: ")


async def test_each_grant_adds_one_send(
    mp: Client, state: SimulatorState, mp_token: str, subscribed: str
) -> None:
    state.grant_subscription(subscribed, TEMPLATE, count=2)
    params = {"access_token": mp_token}

    codes = [await errcode(await mp.post(SUBSCRIBE, params=params, json=message())) for _ in "abcd"]

    assert codes == [0, 0, 0, 43101]


async def test_subscribe_send_needs_a_token(mp: Client, subscribed: str) -> None:
    assert await errcode(await mp.post(SUBSCRIBE, json=message())) == 41001
    response = await mp.post(SUBSCRIBE, params={"access_token": "forged"}, json=message())
    assert await errcode(response) == 40001


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (message(touser="o-stranger"), 40003),
        (message(template_id="tpl-unknown"), 40037),
        (message(miniprogram_state="beta"), 47003),
    ],
)
async def test_subscribe_send_rejects_unknown_user_and_template(
    mp: Client, mp_token: str, subscribed: str, payload: dict[str, Any], expected: int
) -> None:
    response = await mp.post(SUBSCRIBE, params={"access_token": mp_token}, json=payload)

    assert await errcode(response) == expected


async def test_user_without_quota_is_refused(
    mp: Client, state: SimulatorState, mp_token: str, subscribed: str
) -> None:
    state.register_mp_user("o-bob")

    response = await mp.post(
        SUBSCRIBE, params={"access_token": mp_token}, json=message(touser="o-bob")
    )

    assert await errcode(response) == 43101


async def test_missing_template_key_is_an_invalid_argument(
    mp: Client, state: SimulatorState, mp_token: str, subscribed: str
) -> None:
    payload = message()
    del payload["data"]["time2"]

    data = await body(await mp.post(SUBSCRIBE, params={"access_token": mp_token}, json=payload))

    assert data["errcode"] == 47003
    assert data["errmsg"].startswith("argument invalid! data.time2.value is emtpy")
    assert state.remaining_subscriptions(subscribed, TEMPLATE) == 1


async def test_too_long_thing_is_an_invalid_argument(
    mp: Client, mp_token: str, subscribed: str
) -> None:
    payload = message()
    payload["data"]["thing1"] = {"value": "很" * 21}

    data = await body(await mp.post(SUBSCRIBE, params={"access_token": mp_token}, json=payload))

    assert data["errcode"] == 47003
    assert data["errmsg"].startswith("argument invalid! data.thing1.value invalid")


async def test_subscribe_send_is_rate_limited(
    mp: Client, state: SimulatorState, mp_token: str, subscribed: str
) -> None:
    state.set_rate_limit(SUBSCRIBE, 1)
    state.grant_subscription(subscribed, TEMPLATE)
    params = {"access_token": mp_token}
    await mp.post(SUBSCRIBE, params=params, json=message())

    assert await errcode(await mp.post(SUBSCRIBE, params=params, json=message())) == 45009
    state.advance(60)
    assert await errcode(await mp.post(SUBSCRIBE, params=params, json=message())) == 0


async def test_malformed_json_is_a_data_format_error(mp: Client, mp_token: str) -> None:
    response = await mp.post(SUBSCRIBE, params={"access_token": mp_token}, data=b"[1, 2")

    assert await errcode(response) == 47001


def text_message(touser: str = "o-alice") -> dict[str, Any]:
    return {"touser": touser, "msgtype": "text", "text": {"content": "您的预约已确认"}}


async def test_customer_service_message_within_48_hours(mp: Client, state: SimulatorState) -> None:
    state.mark_interaction("o-alice")
    state.advance(47 * 3600)
    params = {"access_token": await fetch_mp_token(mp)}

    data = await body(await mp.post(CUSTOM, params=params, json=text_message()))

    assert data == {"errcode": 0, "errmsg": "ok"}
    assert state.delivered[-1].channel == "mp.custom"


async def test_customer_service_message_after_48_hours_is_refused(
    mp: Client, state: SimulatorState
) -> None:
    state.mark_interaction("o-alice")
    state.advance(48 * 3600 + 1)
    params = {"access_token": await fetch_mp_token(mp)}

    response = await mp.post(CUSTOM, params=params, json=text_message())

    assert await errcode(response) == 45015


async def test_customer_service_message_to_a_silent_user_is_refused(
    mp: Client, state: SimulatorState, mp_token: str
) -> None:
    state.register_mp_user("o-alice")

    response = await mp.post(CUSTOM, params={"access_token": mp_token}, json=text_message())

    assert await errcode(response) == 45015


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (text_message(touser="o-stranger"), 40003),
        ({**text_message(), "msgtype": "telegram"}, 40008),
        ({**text_message(), "text": {"content": ""}}, 44004),
    ],
)
async def test_customer_service_message_rejects_bad_input(
    mp: Client, state: SimulatorState, mp_token: str, payload: dict[str, Any], expected: int
) -> None:
    state.mark_interaction("o-alice")

    response = await mp.post(CUSTOM, params={"access_token": mp_token}, json=payload)

    assert await errcode(response) == expected
