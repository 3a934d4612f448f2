"""WeChat Work: app messages (cards) to staff, card updates, and group robot webhooks."""

from __future__ import annotations

from typing import Any

import aiohttp

from core.settings import WeComSettings
from core.wechat_api import call_json
from core.wechat_tokens import TokenCache, with_token


class WeComClient:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        settings: WeComSettings,
        tokens: TokenCache,
        timeout: float,
    ) -> None:
        self._http = http
        self._settings = settings
        self._tokens = tokens
        self._timeout = timeout

    async def send_app_message(self, message: dict[str, Any]) -> dict[str, Any]:
        """message/send; `message` holds touser and the msgtype's content, agentid is added."""
        return await self._post("/cgi-bin/message/send", message)

    async def update_template_card(self, update: dict[str, Any]) -> dict[str, Any]:
        return await self._post("/cgi-bin/message/update_template_card", update)

    async def robot_send(self, key: str, message: dict[str, Any]) -> dict[str, Any]:
        """A group robot needs no access token: its webhook key is the credential."""
        return await call_json(
            self._http,
            "POST",
            self._settings.api_base + "/cgi-bin/webhook/send",
            params={"key": key},
            body=message,
            timeout_seconds=self._timeout,
        )

    async def _post(self, path: str, message: dict[str, Any]) -> dict[str, Any]:
        body = {**message, "agentid": self._settings.agentid}

        async def call(token: str) -> dict[str, Any]:
            return await call_json(
                self._http,
                "POST",
                self._settings.api_base + path,
                params={"access_token": token},
                body=body,
                timeout_seconds=self._timeout,
            )

        return await with_token(self._tokens, call)
