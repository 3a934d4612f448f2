"""Talking to our webhooks the way WeChat's servers do: signed, plain or encrypted with wechatpy."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import wechatpy
import xmltodict
from aiohttp.test_utils import TestClient
from wechatpy.crypto import WeChatCrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

from bots.wire import signature

MP_TOKEN = "mp-token-for-tests"
MP_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
WECOM_TOKEN = "wecom-token-for-tests"
WECOM_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"
OUR_ACCOUNT = "gh_handheld_office"


def text_xml(openid: str, content: str, msg_id: int, created: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{OUR_ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{created or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def image_xml(openid: str, msg_id: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{OUR_ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{int(time.time())}</CreateTime>"
        "<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/a.jpg]]></PicUrl>"
        f"<MediaId><![CDATA[media-1]]></MediaId><MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(user: str, event: str, created: int, **extra: str) -> str:
    more = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in extra.items())
    return (
        f"<xml><ToUserName><![CDATA[{OUR_ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{created}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>{more}</xml>"
    )


def card_event_xml(userid: str, key: str, task_id: str, created: int) -> str:
    return event_xml(
        userid,
        "template_card_event",
        created,
        EventKey=key,
        TaskId=task_id,
        CardType="button_interaction",
        ResponseCode="code-from-the-click",
        AgentID="1000002",
    )


@dataclass
class Answer:
    status: int
    body: str
    reply: Any = None  # wechatpy's parsed passive reply, when there was one

    @property
    def text(self) -> str:
        return self.reply.content if self.reply is not None else ""


def _stamp(age: int = 0) -> tuple[str, str]:
    """A timestamp `age` seconds in the past (negative: the future) and a fresh nonce."""
    return str(int(time.time()) - age), secrets.token_hex(6)


class WeChatServer:
    """What WeChat's servers send to /wechat/callback and /wecom/callback."""

    def __init__(self, client: TestClient, appid: str, corpid: str) -> None:
        self.client = client
        self.mp_crypto = WeChatCrypto(MP_TOKEN, MP_AES_KEY, appid)
        self.wecom_crypto = WeComCrypto(WECOM_TOKEN, WECOM_AES_KEY, corpid)

    def mp_query(self, token: str = MP_TOKEN, *, age: int = 0) -> dict[str, str]:
        timestamp, nonce = _stamp(age)
        sig = signature(token, timestamp, nonce)
        return {"signature": sig, "timestamp": timestamp, "nonce": nonce, "openid": "x"}

    async def mp_plain(self, xml: str | bytes, *, token: str = MP_TOKEN) -> Answer:
        return await self.mp_post(self.mp_query(token), xml)

    def mp_sealed(
        self, xml: str, crypto: WeChatCrypto | None = None, *, age: int = 0
    ) -> tuple[dict[str, str], str]:
        """A safe-mode request (query and envelope) as WeChat would send it, to send or resend."""
        crypto = crypto or self.mp_crypto
        query = self.mp_query(age=age)
        envelope = crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        fields = xmltodict.parse(envelope)["xml"]
        query.update(encrypt_type="aes", msg_signature=fields["MsgSignature"])
        return query, envelope

    async def mp_encrypted(
        self, xml: str, crypto: WeChatCrypto | None = None, *, age: int = 0
    ) -> Answer:
        return await self.mp_post(*self.mp_sealed(xml, crypto, age=age))

    async def mp_post(self, query: dict[str, str], body: str | bytes) -> Answer:
        response = await self.client.post("/wechat/callback", params=query, data=body)
        return await self._answer(response, self.mp_crypto if "encrypt_type" in query else None)

    def wecom_sealed(
        self, xml: str, crypto: WeComCrypto | None = None, *, age: int = 0
    ) -> tuple[dict[str, str], str]:
        crypto = crypto or self.wecom_crypto
        timestamp, nonce = _stamp(age)
        envelope = crypto.encrypt_message(xml, nonce, timestamp)
        fields = xmltodict.parse(envelope)["xml"]
        query = {"msg_signature": fields["MsgSignature"], "timestamp": timestamp, "nonce": nonce}
        return query, envelope

    async def wecom(self, xml: str, crypto: WeComCrypto | None = None, *, age: int = 0) -> Answer:
        return await self.wecom_post(*self.wecom_sealed(xml, crypto, age=age))

    async def wecom_post(self, query: dict[str, str], body: str) -> Answer:
        response = await self.client.post("/wecom/callback", params=query, data=body)
        return await self._answer(response, self.wecom_crypto)

    async def _answer(self, response: Any, crypto: Any) -> Answer:
        body = await response.text()
        if response.status != 200 or body in ("", "success"):
            return Answer(response.status, body)
        xml = body
        if crypto is not None:
            envelope = xmltodict.parse(body)["xml"]
            xml = crypto.decrypt_message(
                body, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
            )
        return Answer(response.status, body, wechatpy.parse_message(xml))
