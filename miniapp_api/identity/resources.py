"""The identity clients of the running server, opened with the HTTP session and closed with it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from core.appkeys import HTTP, KV, SETTINGS
from core.errors import Unavailable
from core.oidc import OidcClient
from core.settings import IdentitySettings
from core.wechat_identity import WeChatIdentityClient
from core.wechat_tokens import miniprogram_tokens, wecom_tokens
from core.wecom import WeComClient

OIDC = web.AppKey("identity_oidc", OidcClient)
WECHAT_IDENTITY = web.AppKey("identity_wechat", WeChatIdentityClient)
WECOM_SIGNIN = web.AppKey("identity_wecom", WeComClient)


async def identity_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    http, kv = app[HTTP], app[KV]
    margin = settings.notify.token_margin_seconds
    app[OIDC] = OidcClient(http, settings.identity)
    app[WECHAT_IDENTITY] = WeChatIdentityClient(
        http, settings.wechat, miniprogram_tokens(http, kv, settings.wechat, margin)
    )
    timeout = settings.wechat.timeout_seconds
    app[WECOM_SIGNIN] = WeComClient(
        http, settings.wecom, wecom_tokens(http, kv, settings.wecom, timeout, margin), timeout
    )
    yield


def platform_settings(app: web.Application) -> IdentitySettings:
    settings = app[SETTINGS].identity
    if not settings.configured:
        raise Unavailable(
            "identity verification is not configured on this server",
            code="identity_not_configured",
        )
    return settings
