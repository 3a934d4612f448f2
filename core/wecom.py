"""WeChat Work: app messages (cards) to staff, card updates, group robot webhooks, and the web
sign-in's two lookups (auth/getuserinfo: code -> userid; user/get: the member)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp

from core.errors import Unauthenticated, Unavailable
from core.settings import WeComSettings
from core.wechat_api import WeChatApiError, WeChatUnreachable, call_json
from core.wechat_tokens import TokenCache, with_token

INVALID_CODE = 40029
USER_NOT_FOUND = 60111
# user/get status: 1 active, 2 disabled, 4 not yet activated, 5 left the corp.
ACTIVE = 1


@dataclass(frozen=True)
class WeComMember:
    userid: str
    name: str
    active: bool


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

    async def signed_in_member(self, code: str) -> WeComMember:
        """The member a sign-in code stands for; refuses codes of non-members and bad codes."""
        try:
            info = await self._get("/cgi-bin/auth/getuserinfo", {"code": code})
            userid = info.get("userid")
            if not isinstance(userid, str) or not userid:
                # A visitor outside the corp gets an openid, not a userid.
                raise Unauthenticated(
                    "only members of this organisation can sign in", code="wecom_not_member"
                )
            profile = await self._get("/cgi-bin/user/get", {"userid": userid})
        except WeChatApiError as error:
            if error.errcode == INVALID_CODE:
                # A bad sign-in credential, as a wrong password or WeChat login code: 401.
                raise Unauthenticated(
                    "the WeChat Work sign-in code is invalid or used; sign in again",
                    code="wecom_code_invalid",
                ) from None
            if error.errcode == USER_NOT_FOUND:
                raise Unauthenticated(
                    "this WeChat Work member no longer exists", code="wecom_not_member"
                ) from None
            raise Unavailable("WeChat Work refused the sign-in", code="wecom_error") from None
        except WeChatUnreachable:
            raise Unavailable(
                "WeChat Work cannot be reached, try again", code="wecom_unreachable"
            ) from None
        return WeComMember(
            userid=str(profile.get("userid") or userid),
            name=str(profile.get("name") or ""),
            active=profile.get("status", ACTIVE) == ACTIVE,
        )

    async def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        async def call(token: str) -> dict[str, Any]:
            return await call_json(
                self._http,
                "GET",
                self._settings.api_base + path,
                params={**params, "access_token": token},
                timeout_seconds=self._timeout,
            )

        return await with_token(self._tokens, call)
