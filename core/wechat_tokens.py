"""Access tokens for the mini-program and WeChat Work, cached in the shared store.

One refresh at a time across processes: the refresher holds a short lock, the others wait for
the token it stores. If the store itself is down, each process keeps its own copy, so sending
goes on. A token WeChat calls stale is dropped (only if it is still the cached one) and fetched
again; callers retry their call once with it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from core.errors import Unavailable
from core.kv import KeyValueStore
from core.locks import try_lock
from core.settings import WeChatSettings, WeComSettings
from core.wechat_api import TOKEN_ERRORS, WeChatApiError, WeChatUnreachable, call_json

log = logging.getLogger(__name__)
LOCK_TTL = 15.0
WAIT_STEP = 0.05
# A token read from the store is reused this long without asking again: the dispatcher sends
# hundreds a second and a Redis GET per send cost as much as the send. A token WeChat refuses
# meanwhile is dropped at once (invalidate), so at worst one call is retried.
MEMO_SECONDS = 5.0


def token_key(kind: str, owner: str) -> str:
    return f"wechat_token:{kind}:{owner}"


Fetch = Callable[[], Awaitable[tuple[str, int]]]


class TokenCache:
    def __init__(self, kv: KeyValueStore, kind: str, owner: str, fetch: Fetch, margin: int) -> None:
        self._kv = kv
        self._key = token_key(kind, owner)
        self._fetch = fetch
        self._margin = margin
        self._local: tuple[str, float] | None = None  # used while the store is down
        self._memo: tuple[str, float] | None = None  # the store's token, recently read
        self._refreshing = asyncio.Lock()

    async def get(self) -> str:
        if self._memo and self._memo[1] > time.monotonic():
            return self._memo[0]
        try:
            token = await self._shared_get()
        except Unavailable:
            return await self._local_get()
        self._memo = (token, time.monotonic() + MEMO_SECONDS)
        return token

    async def invalidate(self, stale: str) -> None:
        if self._memo and self._memo[0] == stale:
            self._memo = None
        if self._local and self._local[0] == stale:
            self._local = None
        try:
            if await self._kv.get(self._key) == stale:
                await self._kv.delete(self._key)
        except Unavailable:
            pass

    async def _shared_get(self) -> str:
        deadline = time.monotonic() + LOCK_TTL
        while True:
            cached = await self._kv.get(self._key)
            if cached:
                return cached
            async with try_lock(self._kv, self._key, LOCK_TTL) as mine:
                if mine:
                    cached = await self._kv.get(self._key)
                    if cached:
                        return cached
                    value, expires_in = await self._fetch()
                    ttl = max(1, expires_in - self._margin)
                    await self._kv.set(self._key, value, ttl=ttl)
                    return value
            if time.monotonic() > deadline:
                raise WeChatUnreachable("timed out waiting for another process's token refresh")
            await asyncio.sleep(WAIT_STEP)

    async def _local_get(self) -> str:
        async with self._refreshing:
            if self._local and self._local[1] > time.monotonic():
                return self._local[0]
            value, expires_in = await self._fetch()
            self._local = (value, time.monotonic() + max(1, expires_in - self._margin))
            return value


async def with_token(tokens: TokenCache, call: Callable[[str], Awaitable[Any]]) -> Any:
    """Run `call(token)`; on a stale-token answer, refresh once and run it again."""
    token = await tokens.get()
    try:
        return await call(token)
    except WeChatApiError as error:
        if error.errcode not in TOKEN_ERRORS:
            raise
        log.info("access token refused (%s), refreshing", error.errcode)
        await tokens.invalidate(token)
        return await call(await tokens.get())


def miniprogram_tokens(
    http: aiohttp.ClientSession, kv: KeyValueStore, settings: WeChatSettings, margin: int
) -> TokenCache:
    async def fetch() -> tuple[str, int]:
        # The stable token stays the same for every process until it expires.
        data = await call_json(
            http,
            "POST",
            settings.api_base + "/cgi-bin/stable_token",
            body={
                "grant_type": "client_credential",
                "appid": settings.appid,
                "secret": settings.secret,
            },
            timeout_seconds=settings.timeout_seconds,
        )
        return _token_of(data)

    return TokenCache(kv, "mp", settings.appid, fetch, margin)


def wecom_tokens(
    http: aiohttp.ClientSession,
    kv: KeyValueStore,
    settings: WeComSettings,
    timeout: float,
    margin: int,
) -> TokenCache:
    async def fetch() -> tuple[str, int]:
        data = await call_json(
            http,
            "GET",
            settings.api_base + "/cgi-bin/gettoken",
            params={"corpid": settings.corpid, "corpsecret": settings.secret},
            timeout_seconds=timeout,
        )
        return _token_of(data)

    return TokenCache(kv, "wecom", f"{settings.corpid}:{settings.agentid}", fetch, margin)


def _token_of(data: dict[str, Any]) -> tuple[str, int]:
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise WeChatUnreachable("token answer without access_token")
    try:
        expires_in = int(data.get("expires_in", 7200))
    except (TypeError, ValueError):
        expires_in = 7200
    return token, expires_in
