"""The bots' own resources, opened after the shared ones and closed before them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from bots.crypto import Crypto, mp_crypto, wecom_crypto
from bots.tasks import TaskTracker
from core.appkeys import HTTP, KV, SETTINGS
from core.wechat_tokens import wecom_tokens
from core.wecom import WeComClient

if TYPE_CHECKING:
    from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto


@dataclass(frozen=True)
class BotServices:
    tasks: TaskTracker
    mp_crypto: Crypto | None  # None: plain mode only (no EncodingAESKey configured)
    wecom_crypto: WeComCrypto | None  # None: the staff webhook is not configured
    wecom: WeComClient


BOTS = web.AppKey("bots", BotServices)


async def bots_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    bots, wecom = settings.bots, settings.wecom
    tokens = wecom_tokens(
        app[HTTP],
        app[KV],
        wecom,
        settings.wechat.timeout_seconds,
        settings.notify.token_margin_seconds,
    )
    tasks = TaskTracker()
    app[BOTS] = BotServices(
        tasks=tasks,
        mp_crypto=mp_crypto(bots.mp_token, bots.mp_encoding_aes_key, settings.wechat.appid),
        wecom_crypto=(
            wecom_crypto(bots.wecom_token, bots.wecom_encoding_aes_key, wecom.corpid)
            if bots.wecom_token and bots.wecom_encoding_aes_key
            else None
        ),
        wecom=WeComClient(app[HTTP], wecom, tokens, settings.wechat.timeout_seconds),
    )
    yield
    # Work still running when the server stops is cancelled; WeChat's resend will retry it.
    await tasks.close()
