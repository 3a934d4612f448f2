"""Asynchronous client for the mini-program server API (wechatpy's own HTTP is blocking).

WeChat answers HTTP 200 with an `errcode`; this module turns each code into the domain error a
caller can act on, so nothing above it needs to know WeChat's numbers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from core.errors import DomainError, RateLimited, Unauthenticated, Unavailable
from core.metrics import login_failed
from core.settings import WeChatSettings

log = logging.getLogger(__name__)

INVALID_CODE = 40029
CODE_USED = 40163
INVALID_APPID = 40013
INVALID_SECRET = 40125
LOGIN_RATE_LIMIT = 45011
BUSY = -1


@dataclass(frozen=True)
class WeChatIdentity:
    openid: str
    unionid: str | None


class MiniProgramClient:
    def __init__(self, http: aiohttp.ClientSession, settings: WeChatSettings) -> None:
        self._http = http
        self._settings = settings
        self._timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)

    async def code_to_identity(self, code: str) -> WeChatIdentity:
        """Exchange a `wx.login` code for the user's openid (auth.code2Session)."""
        if not self._settings.appid or not self._settings.secret:
            raise Unavailable(
                "WeChat login is not configured on this server", code="wechat_not_configured"
            )
        data = await self._get(
            "/sns/jscode2session",
            {
                "appid": self._settings.appid,
                "secret": self._settings.secret,
                "js_code": code,
                "grant_type": "authorization_code",
            },
        )
        errcode = int(data.get("errcode") or 0)
        if errcode:
            raise _login_error(errcode, str(data.get("errmsg", "")))
        openid = data.get("openid")
        if not isinstance(openid, str) or not openid:
            raise Unavailable("WeChat answered without an openid", code="wechat_bad_answer")
        unionid = data.get("unionid")
        return WeChatIdentity(openid=openid, unionid=unionid if isinstance(unionid, str) else None)

    async def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = self._settings.api_base + path
        try:
            async with self._http.get(url, params=params, timeout=self._timeout) as response:
                if response.status >= 500:
                    raise Unavailable("WeChat is not answering, try again", code="wechat_busy")
                # WeChat sometimes labels JSON as text/plain.
                data = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            log.warning("WeChat call %s failed: %s", path, type(error).__name__)
            raise Unavailable(
                "WeChat cannot be reached, try again", code="wechat_unreachable"
            ) from None
        if not isinstance(data, dict):
            raise Unavailable("WeChat gave an unexpected answer", code="wechat_bad_answer")
        return data


def _login_error(errcode: int, errmsg: str) -> DomainError:
    if errcode in (INVALID_CODE, CODE_USED):
        login_failed("citizen", "wechat_code_invalid")
        # A bad credential, like a wrong password: 401, so the mini-app logs in again.
        return Unauthenticated(
            "the login code is invalid or already used; call wx.login again",
            code="wechat_code_invalid",
        )
    if errcode == LOGIN_RATE_LIMIT:
        return RateLimited(
            "too many logins for this user, wait a minute",
            code="wechat_rate_limited",
            retry_after=60,
        )
    if errcode == BUSY:
        return Unavailable("WeChat is busy, try again", code="wechat_busy")
    if errcode in (INVALID_APPID, INVALID_SECRET):
        log.error("WeChat rejected our app credentials: %s %s", errcode, errmsg)
        return Unavailable(
            "WeChat login is misconfigured on this server", code="wechat_misconfigured"
        )
    log.error("unexpected WeChat login error %s %s", errcode, errmsg)
    return Unavailable("WeChat login failed, try again", code="wechat_error")
