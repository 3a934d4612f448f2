"""The provincial platform's wire: signed JSON over HTTP(S) (core.exchange_signing).

The province answers 2xx with a JSON object when it took a request (a repeat of an event it
has is also 2xx, `duplicate: true`), 4xx with {code, message} when it refuses one for good, and
429/5xx (or nothing) when it cannot take it now: ProvinceApiError.retryable says which.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

from core.exchange_signing import sign
from core.settings import ExchangeSettings

RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class ProvinceApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message

    @property
    def retryable(self) -> bool:
        return self.status in RETRYABLE_STATUSES


class ProvinceUnreachable(Exception):
    """No answer: refused, reset or timed out. The request may or may not have arrived."""


def encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class ProvinceClient:
    def __init__(self, http: aiohttp.ClientSession, settings: ExchangeSettings) -> None:
        self.http = http
        self.settings = settings

    async def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", path, encode(payload))

    async def get(self, path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        if query:
            path = f"{path}?{urlencode(sorted(query.items()))}"
        return await self._call("GET", path, b"")

    async def _call(self, method: str, path: str, body: bytes) -> dict[str, Any]:
        settings = self.settings
        headers = sign(
            settings.algorithm,
            settings.platform_code,
            settings.outbound_secret,
            method,
            path,
            body,
            time.time(),
        )
        if body:
            headers["Content-Type"] = "application/json; charset=utf-8"
        timeout = aiohttp.ClientTimeout(total=settings.timeout_seconds)
        try:
            async with self.http.request(
                method, settings.api_base + path, data=body or None, headers=headers,
                timeout=timeout,
            ) as response:  # fmt: skip
                raw = await response.read()
                status = response.status
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise ProvinceUnreachable(f"{type(error).__name__}: {error}") from None
        try:
            answer = json.loads(raw) if raw else {}
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if 200 <= status < 300:
            return answer
        code = str(answer.get("code") or f"http_{status}")[:32]
        raise ProvinceApiError(status, code, str(answer.get("message") or raw[:200]))
