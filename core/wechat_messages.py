"""Mini-program subscribe messages (subscribeMessage.send), asynchronous on aiohttp."""

from __future__ import annotations

from typing import Any

import aiohttp

from core.settings import WeChatSettings
from core.wechat_api import call_json
from core.wechat_tokens import TokenCache, with_token


class SubscribeMessageClient:
    def __init__(
        self, http: aiohttp.ClientSession, settings: WeChatSettings, tokens: TokenCache
    ) -> None:
        self._http = http
        self._settings = settings
        self._tokens = tokens

    async def send(
        self, openid: str, template_id: str, data: dict[str, dict[str, str]], page: str = ""
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"touser": openid, "template_id": template_id, "data": data}
        if page:
            body["page"] = page

        async def call(token: str) -> dict[str, Any]:
            return await call_json(
                self._http,
                "POST",
                self._settings.api_base + "/cgi-bin/message/subscribe/send",
                params={"access_token": token},
                body=body,
                timeout_seconds=self._settings.timeout_seconds,
            )

        return await with_token(self._tokens, call)


class CustomerServiceClient:
    """Customer-service messages (message/custom/send): a reply to a citizen who wrote to us,
    allowed within 48 hours of their last message."""

    def __init__(
        self, http: aiohttp.ClientSession, settings: WeChatSettings, tokens: TokenCache
    ) -> None:
        self._http = http
        self._settings = settings
        self._tokens = tokens

    async def send(self, openid: str, message: dict[str, Any]) -> dict[str, Any]:
        body = {"touser": openid, **message}

        async def call(token: str) -> dict[str, Any]:
            return await call_json(
                self._http,
                "POST",
                self._settings.api_base + "/cgi-bin/message/custom/send",
                params={"access_token": token},
                body=body,
                timeout_seconds=self._settings.timeout_seconds,
            )

        return await with_token(self._tokens, call)
