"""Fixed-window rate limits on the shared store; over the limit raises RateLimited."""

from core.errors import RateLimited
from core.kv import KeyValueStore


def rate_key(scope: str, subject: str) -> str:
    return f"rate:{scope}:{subject}"


async def enforce_rate_limit(
    kv: KeyValueStore, scope: str, subject: str, *, limit: int, window_seconds: int
) -> None:
    count, resets_in = await kv.hit(rate_key(scope, subject), window_seconds)
    if count > limit:
        raise RateLimited(f"too many requests, try again in {resets_in} s", retry_after=resets_in)
