"""Fixed-window rate limits on the shared store; over the limit raises RateLimited."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import RateLimited
from core.kv import KeyValueStore


@dataclass(frozen=True)
class Limit:
    scope: str
    subject: str
    limit: int
    window_seconds: int


def rate_key(scope: str, subject: str) -> str:
    return f"rate:{scope}:{subject}"


async def enforce_rate_limit(
    kv: KeyValueStore, scope: str, subject: str, *, limit: int, window_seconds: int
) -> None:
    count, resets_in = await kv.hit(rate_key(scope, subject), window_seconds)
    refuse_if_over(count, resets_in, limit)


def refuse_if_over(count: int, resets_in: int, limit: int) -> None:
    """For a count made elsewhere (kv.get_and_hit_subject): as enforce_rate_limit refuses."""
    if count > limit:
        raise over_limit(resets_in)


def over_limit(resets_in: int) -> RateLimited:
    return RateLimited(f"too many requests, try again in {resets_in} s", retry_after=resets_in)


async def enforce_rate_limits(kv: KeyValueStore, limits: Sequence[Limit]) -> None:
    """Each limit in turn, as `enforce_rate_limit` one after another, in one round trip: a
    request over one limit is not counted against the limits after it."""
    over = await kv.hit_each(
        [(rate_key(x.scope, x.subject), x.window_seconds, x.limit) for x in limits]
    )
    if over is not None:
        raise over_limit(over[1])
