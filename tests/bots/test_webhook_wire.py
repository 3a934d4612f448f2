"""Both webhooks as WeChat reaches them: URL verification, signatures, encryption, bad input."""

from __future__ import annotations

import time

import pytest
from aiohttp.test_utils import TestClient
from wechatpy.crypto import WeChatCrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

from bots.wire import signature
from devtools.wechat_sim import SimulatorState
from models.tickets import Ticket
from tests.bots.conftest import PLAIN_ONLY, next_msg_id
from tests.bots.support import MP_TOKEN, WECOM_TOKEN, WeChatServer, event_xml, text_xml

OTHER_KEY = "0000000000111111111122222222223333333333444"


async def test_url_verification_echoes_only_for_a_good_signature(
    client: TestClient, wechat: WeChatServer
) -> None:
    query = {**wechat.mp_query(), "echostr": "echo-123"}
    ok = await client.get("/wechat/callback", params=query)
    assert ok.status == 200 and await ok.text() == "echo-123"
    forged = await client.get(
        "/wechat/callback", params={**wechat.mp_query("guess"), "echostr": "x"}
    )
    assert forged.status == 403


async def test_wecom_url_verification_answers_the_decrypted_echostr(
    client: TestClient, wechat: WeChatServer
) -> None:
    timestamp, nonce = str(int(time.time())), "n1"
    envelope = wechat.wecom_crypto.encrypt_message("<xml/>", nonce, timestamp)
    echo = envelope.split("<Encrypt><![CDATA[")[1].split("]]>")[0]
    query = {
        "msg_signature": signature(WECOM_TOKEN, timestamp, nonce, echo),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": echo,
    }
    ok = await client.get("/wecom/callback", params=query)
    assert ok.status == 200 and await ok.text() == "<xml/>"
    bad = await client.get("/wecom/callback", params={**query, "msg_signature": "0" * 40})
    assert bad.status == 403


async def test_wrong_signature_is_refused_and_nothing_is_done(
    wechat: WeChatServer, login_citizen
) -> None:
    await login_citizen("o-alice")
    answer = await wechat.mp_plain(
        text_xml("o-alice", "人工 我的证照丢了", next_msg_id()), token="x"
    )
    assert answer.status == 403
    assert await Ticket.all().count() == 0


@pytest.mark.parametrize("settings_overrides", [PLAIN_ONLY])
async def test_plain_text_message_gets_a_passive_reply(wechat: WeChatServer) -> None:
    answer = await wechat.mp_plain(text_xml("o-alice", "你好", next_msg_id()))
    assert answer.status == 200
    assert answer.reply.target == "o-alice" and "进度" in answer.text


async def test_safe_mode_message_gets_an_encrypted_reply(wechat: WeChatServer) -> None:
    answer = await wechat.mp_encrypted(text_xml("o-alice", "帮助", next_msg_id()))
    assert answer.status == 200 and "<Encrypt>" in answer.body
    assert "预约" in answer.text


async def test_message_sealed_with_another_aes_key_is_refused(
    wechat: WeChatServer, sim_state: SimulatorState
) -> None:
    stranger = WeChatCrypto(MP_TOKEN, OTHER_KEY, sim_state.appid)
    answer = await wechat.mp_encrypted(text_xml("o-alice", "帮助", next_msg_id()), stranger)
    assert answer.status == 400
    staff_stranger = WeComCrypto(WECOM_TOKEN, OTHER_KEY, sim_state.corpid)
    answer = await wechat.wecom(text_xml("wx-h1", "待办", next_msg_id()), staff_stranger)
    assert answer.status == 400


async def test_message_for_another_appid_is_refused(wechat: WeChatServer) -> None:
    from tests.bots.support import MP_AES_KEY

    other_app = WeChatCrypto(MP_TOKEN, MP_AES_KEY, "wx-someone-else")
    answer = await wechat.mp_encrypted(text_xml("o-alice", "帮助", next_msg_id()), other_app)
    assert answer.status == 400


@pytest.mark.parametrize(
    "body",
    [
        "<xml><ToUserName>",  # truncated
        "not xml at all",
        '{"MsgType": "text", "Content": "hi"}',  # JSON: we take XML only
        "<root><MsgType>text</MsgType></root>",  # not WeChat's root
        "<xml><MsgType><a>1</a></MsgType><FromUserName>u</FromUserName></xml>",  # nested field
        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>soon"
        "</CreateTime><MsgType>text</MsgType></xml>",  # CreateTime not a number
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Content>&a;</Content></xml>',
    ],
)
@pytest.mark.parametrize("settings_overrides", [PLAIN_ONLY])
async def test_malformed_messages_are_a_400(wechat: WeChatServer, body: str) -> None:
    answer = await wechat.mp_plain(body)
    assert answer.status == 400


async def test_bad_base64_in_the_envelope_is_a_400(
    client: TestClient, wechat: WeChatServer
) -> None:
    query = wechat.mp_query()
    garbage = "%%%not-base64%%%"
    query.update(
        encrypt_type="aes",
        msg_signature=signature(MP_TOKEN, query["timestamp"], query["nonce"], garbage),
    )
    body = f"<xml><Encrypt><![CDATA[{garbage}]]></Encrypt></xml>"
    response = await client.post("/wechat/callback", params=query, data=body)
    assert response.status == 400


@pytest.mark.parametrize("settings_overrides", [PLAIN_ONLY])
async def test_oversized_body_is_a_413(wechat: WeChatServer) -> None:
    answer = await wechat.mp_plain(text_xml("o-alice", "问" * 70000, next_msg_id()))
    assert answer.status == 413


@pytest.mark.parametrize("settings_overrides", [PLAIN_ONLY])
async def test_unknown_event_gets_no_reply(wechat: WeChatServer) -> None:
    answer = await wechat.mp_plain(event_xml("o-alice", "some_future_event", int(time.time())))
    assert answer.status == 200 and answer.body == "success"


@pytest.mark.parametrize("settings_overrides", [{}])
async def test_webhooks_without_secrets_are_not_configured(
    client: TestClient, wechat: WeChatServer
) -> None:
    assert (await wechat.mp_plain(text_xml("o-alice", "你好", next_msg_id()))).status == 503
    assert (await wechat.wecom(text_xml("wx-h1", "待办", next_msg_id()))).status == 503
    assert (await client.get("/wecom/callback")).status == 503


async def test_webhooks_are_not_json_operations(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    assert not any(path.startswith(("/wechat", "/wecom")) for path in document["paths"])
