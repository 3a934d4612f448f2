"""WeChat Work host: message/update_template_card."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import AGENTID, Client, body, fetch_wecom_token

SEND = "/cgi-bin/message/send"
UPDATE = "/cgi-bin/message/update_template_card"


@pytest.fixture
async def response_code(wecom: Client, state: SimulatorState, wecom_token: str) -> str:
    state.register_wecom_user("ZhangSan")
    payload = {
        "touser": "ZhangSan",
        "msgtype": "template_card",
        "agentid": AGENTID,
        "template_card": {
            "card_type": "button_interaction",
            "main_title": {"title": "新办件"},
            "task_id": "case-7-accept",
            "button_list": [{"text": "受理", "key": "accept"}],
        },
    }
    data = await body(await wecom.post(SEND, params={"access_token": wecom_token}, json=payload))
    return str(data["response_code"])


def update(code: str, **fields: Any) -> dict[str, Any]:
    return {
        "userids": ["ZhangSan"],
        "agentid": AGENTID,
        "response_code": code,
        "button": {"replace_name": "已受理"},
        **fields,
    }


async def post_update(wecom: Client, token: str, payload: dict[str, Any]) -> dict[str, Any]:
    return await body(await wecom.post(UPDATE, params={"access_token": token}, json=payload))


async def test_update_replaces_the_button(
    wecom: Client, state: SimulatorState, wecom_token: str, response_code: str
) -> None:
    data = await post_update(wecom, wecom_token, update(response_code))

    assert data == {"errcode": 0, "errmsg": "ok", "invaliduser": []}
    assert state.delivered[-1].channel == "wecom.update_card"


async def test_response_code_works_once(
    wecom: Client, wecom_token: str, response_code: str
) -> None:
    await post_update(wecom, wecom_token, update(response_code))

    assert (await post_update(wecom, wecom_token, update(response_code)))["errcode"] == 40058


async def test_unknown_response_code_is_refused(wecom: Client, wecom_token: str) -> None:
    data = await post_update(wecom, wecom_token, update("no-such-code"))

    assert data["errcode"] == 40058
    assert data["errmsg"].startswith("response_code invalid")


async def test_response_code_expires_after_72_hours(
    wecom: Client, state: SimulatorState, response_code: str
) -> None:
    state.advance(72 * 3600 + 1)
    token = await fetch_wecom_token(wecom)

    assert (await post_update(wecom, token, update(response_code)))["errcode"] == 40058


async def test_unknown_userids_are_reported(
    wecom: Client, wecom_token: str, response_code: str
) -> None:
    payload = update(response_code, userids=["ZhangSan", "Ghost"])

    assert (await post_update(wecom, wecom_token, payload))["invaliduser"] == ["ghost"]


async def test_update_needs_a_button_or_a_card(
    wecom: Client, wecom_token: str, response_code: str
) -> None:
    payload = update(response_code)
    del payload["button"]

    assert (await post_update(wecom, wecom_token, payload))["errcode"] == 40058
