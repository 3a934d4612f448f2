"""WeChat Work host: gettoken and app messages (message/send)."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import AGENTID, CORPID, CORPSECRET, Client, body, errcode

GETTOKEN = "/cgi-bin/gettoken"
SEND = "/cgi-bin/message/send"


@pytest.fixture(autouse=True)
def directory(state: SimulatorState) -> None:
    state.register_wecom_user("ZhangSan")
    state.register_wecom_user("lisi")


def text(touser: str = "ZhangSan|lisi", **fields: Any) -> dict[str, Any]:
    return {
        "touser": touser,
        "msgtype": "text",
        "agentid": AGENTID,
        "text": {"content": "新的办件待受理"},
        **fields,
    }


def card(card_type: str = "button_interaction", task_id: str = "case-1-accept") -> dict[str, Any]:
    template_card: dict[str, Any] = {
        "card_type": card_type,
        "main_title": {"title": "新办件", "desc": "营业执照办理"},
        "task_id": task_id,
        "button_list": [{"text": "受理", "style": 1, "key": "accept"}],
    }
    if card_type == "text_notice":
        template_card["card_action"] = {"type": 1, "url": "https://example.com/case/1"}
        del template_card["task_id"]
    return {
        "touser": "ZhangSan",
        "msgtype": "template_card",
        "agentid": AGENTID,
        "template_card": template_card,
    }


async def send(wecom: Client, token: str, payload: dict[str, Any]) -> dict[str, Any]:
    return await body(await wecom.post(SEND, params={"access_token": token}, json=payload))


async def test_gettoken_answers_with_errcode_zero(wecom: Client) -> None:
    params = {"corpid": CORPID, "corpsecret": CORPSECRET}

    data = await body(await wecom.get(GETTOKEN, params=params))

    assert data["errcode"] == 0
    assert data["errmsg"] == "ok"
    assert data["expires_in"] == 7200
    assert data["access_token"]


async def test_gettoken_returns_the_same_token_while_it_is_valid(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    params = {"corpid": CORPID, "corpsecret": CORPSECRET}
    state.advance(100)
    again = await body(await wecom.get(GETTOKEN, params=params))
    state.expire_all_tokens()
    renewed = await body(await wecom.get(GETTOKEN, params=params))

    assert (again["access_token"], again["expires_in"]) == (wecom_token, 7100)
    assert renewed["access_token"] != wecom_token


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"corpid": "ww-other", "corpsecret": CORPSECRET}, 40013),
        ({"corpid": CORPID, "corpsecret": "wrong"}, 40001),
        ({"corpid": CORPID}, 41004),
    ],
)
async def test_gettoken_rejects_bad_credentials(
    wecom: Client, params: dict[str, str], expected: int
) -> None:
    data = await body(await wecom.get(GETTOKEN, params=params))

    assert data["errcode"] == expected
    assert (
        f"more info at https://open.work.weixin.qq.com/devtool/query?e={expected}"
        in (data["errmsg"])
    )


async def test_text_message_success_shape(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    data = await send(wecom, wecom_token, text())

    assert data.pop("msgid")
    assert data == {
        "errcode": 0,
        "errmsg": "ok",
        "invaliduser": "",
        "invalidparty": "",
        "invalidtag": "",
        "unlicenseduser": "",
    }
    assert state.delivered[-1].recipients == ("ZhangSan", "lisi")


async def test_unknown_users_are_listed_but_the_rest_receive_it(
    wecom: Client, wecom_token: str
) -> None:
    data = await send(wecom, wecom_token, text("ZhangSan|ghost|wangwu"))

    assert data["errcode"] == 0
    assert data["invaliduser"] == "ghost|wangwu"


async def test_all_recipients_invalid_is_81013(wecom: Client, wecom_token: str) -> None:
    data = await send(wecom, wecom_token, text("ghost", toparty="99"))

    assert data["errcode"] == 81013
    assert data["errmsg"].startswith("user & party & tag all invalid, hint: [")
    assert (data["invaliduser"], data["invalidparty"]) == ("ghost", "99")


async def test_at_all_reaches_every_member(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    await send(wecom, wecom_token, text("@all"))

    assert set(state.delivered[-1].recipients) == {"ZhangSan", "lisi"}


async def test_registered_party_is_a_valid_recipient(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    state.register_wecom_party("2")

    assert (await send(wecom, wecom_token, text("", toparty="2")))["errcode"] == 0


async def test_send_checks_the_token(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    assert await errcode(await wecom.post(SEND, json=text())) == 41001
    assert (await send(wecom, "forged", text()))["errcode"] == 40014
    state.advance(7200)
    assert (await send(wecom, wecom_token, text()))["errcode"] == 42001


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (text(msgtype="sms"), 40008),
        (text(agentid=42), 40056),
        (text(agentid=None), 41011),
        (text(text={"content": ""}), 44004),
        ({**text(), "msgtype": "textcard", "textcard": {"title": "t", "url": "u"}}, 41033),
    ],
)
async def test_send_rejects_bad_messages(
    wecom: Client, wecom_token: str, payload: dict[str, Any], expected: int
) -> None:
    assert (await send(wecom, wecom_token, payload))["errcode"] == expected


async def test_agentid_of_another_app_is_not_allowed(
    wecom: Client, state: SimulatorState, wecom_token: str
) -> None:
    state.register_corp(CORPID, "other-secret", 1000003)

    assert (await send(wecom, wecom_token, text(agentid=1000003)))["errcode"] == 301002


@pytest.mark.parametrize(
    "payload",
    [
        {
            "touser": "lisi",
            "msgtype": "textcard",
            "agentid": AGENTID,
            "textcard": {"title": "办件提醒", "description": "请及时受理", "url": "https://x"},
        },
        {
            "touser": "lisi",
            "msgtype": "markdown",
            "agentid": AGENTID,
            "markdown": {"content": "**办件** 待受理"},
        },
    ],
)
async def test_textcard_and_markdown_are_sent(
    wecom: Client, wecom_token: str, payload: dict[str, Any]
) -> None:
    assert (await send(wecom, wecom_token, payload))["errcode"] == 0


async def test_button_card_gets_a_response_code(wecom: Client, wecom_token: str) -> None:
    data = await send(wecom, wecom_token, card())

    assert data["errcode"] == 0
    assert data["response_code"]


async def test_plain_notice_card_has_no_response_code(wecom: Client, wecom_token: str) -> None:
    data = await send(wecom, wecom_token, card("text_notice"))

    assert data["errcode"] == 0
    assert "response_code" not in data


async def test_button_card_needs_a_task_id(wecom: Client, wecom_token: str) -> None:
    data = await send(wecom, wecom_token, card(task_id=""))

    assert data["errcode"] == 40058
    assert "task_id" in data["errmsg"]


async def test_task_id_cannot_be_reused_in_the_same_app(wecom: Client, wecom_token: str) -> None:
    await send(wecom, wecom_token, card())

    data = await send(wecom, wecom_token, card())

    assert data["errcode"] == 40058
    assert data["errmsg"].startswith("template_card.task_id duplicated")


async def test_send_is_rate_limited(wecom: Client, state: SimulatorState, wecom_token: str) -> None:
    state.set_rate_limit(SEND, 2)
    codes = [(await send(wecom, wecom_token, text()))["errcode"] for _ in range(3)]

    assert codes == [0, 0, 45009]
