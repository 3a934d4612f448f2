"""A per-user limit on changes: every logged-in write operation counts against its caller.

Reads are not counted (they are cheap and cached); logins and anonymous lookups have their own
per-address limits. The window is shared through the kv store, so it holds across processes.
"""

from __future__ import annotations

from aiohttp import web

from core.appkeys import KV, SETTINGS
from core.ratelimit import Limit, enforce_rate_limits, rate_key, refuse_if_over
from workflows.authz import Principal

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WINDOW_SECONDS = 60
SCOPE = "write"


def is_limited_write(method: str, audience: str) -> bool:
    return method in WRITE_METHODS and audience != "public"


def write_counter(request: web.Request, method: str, audience: str) -> tuple[str, int] | None:
    """The counter (key prefix, window) to count this request on in the round trip that reads
    its session (SessionStore.resolve_counting), or None when it is not a limited write."""
    if not is_limited_write(method, audience) or not _limit(request):
        return None
    return rate_key(SCOPE, ""), WINDOW_SECONDS


async def count_write(
    request: web.Request, principal: Principal, counted: tuple[int, int] | None = None
) -> None:
    """Refuse a write over the caller's limit; `counted`: the count made with the session's read
    (events, seconds until reset), else it is counted now."""
    limit = _limit(request)
    if not limit:
        return
    if counted is not None:
        refuse_if_over(*counted, limit)
        return
    # As enforce_rate_limit, but one script call on Redis instead of a MULTI of three commands.
    subject = f"{principal.kind}:{principal.id}"
    await enforce_rate_limits(request.app[KV], [Limit(SCOPE, subject, limit, WINDOW_SECONDS)])


def _limit(request: web.Request) -> int:
    return request.app[SETTINGS].limits.writes_per_minute_per_user
