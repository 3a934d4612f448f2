"""One JSON call to a WeChat host, and the two ways it can fail.

WeChat answers business errors as HTTP 200 with an `errcode`; those become WeChatApiError with
WeChat's own code and message. A call that got no usable answer (network, timeout, HTTP 5xx, a
gateway's HTML page) becomes WeChatUnreachable: worth trying again later.
"""

from __future__ import annotations

from typing import Any

import aiohttp

# Access token unknown/stale (mini-program 40001, WeCom 40014) or expired (both 42001).
TOKEN_ERRORS = frozenset({40001, 40014, 42001})


class WeChatApiError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"{errcode} {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class WeChatUnreachable(Exception):
    """No usable answer; the message says why (never contains the access token)."""


async def call_json(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    params: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    timeout_seconds: float,
) -> dict[str, Any]:
    try:
        async with http.request(
            method,
            url,
            params=params,
            json=body,
            timeout=aiohttp.ClientTimeout(total=timeout_seconds),
        ) as response:
            if response.status >= 500:
                raise WeChatUnreachable(f"HTTP {response.status}")
            if response.status != 200:
                raise WeChatUnreachable(f"unexpected HTTP {response.status}")
            # WeChat sometimes labels JSON as text/plain.
            data = await response.json(content_type=None)
    except (TimeoutError, aiohttp.ClientError, ValueError) as error:
        raise WeChatUnreachable(type(error).__name__) from None
    if not isinstance(data, dict):
        raise WeChatUnreachable("answer is not a JSON object")
    errcode = int(data.get("errcode") or 0)
    if errcode:
        raise WeChatApiError(errcode, str(data.get("errmsg", "")))
    return data
