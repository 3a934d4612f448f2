"""A per-user limit on changes: every logged-in write operation counts against its caller.

Reads are not counted (they are cheap and cached); logins and anonymous lookups have their own
per-address limits. The window is shared through the kv store, so it holds across processes.
"""

from __future__ import annotations

from aiohttp import web

from core.appkeys import KV, SETTINGS
from core.ratelimit import enforce_rate_limit
from workflows.authz import Principal

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WINDOW_SECONDS = 60


def is_limited_write(method: str, audience: str) -> bool:
    return method in WRITE_METHODS and audience != "public"


async def count_write(request: web.Request, principal: Principal) -> None:
    limit = request.app[SETTINGS].limits.writes_per_minute_per_user
    if limit:
        await enforce_rate_limit(
            request.app[KV],
            "write",
            f"{principal.kind}:{principal.id}",
            limit=limit,
            window_seconds=WINDOW_SECONDS,
        )
