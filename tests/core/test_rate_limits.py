"""Limits checked in turn in one round trip: a request over the first limit is not counted
against the next one, on both stores."""

from collections.abc import AsyncIterator

import pytest

from core.errors import RateLimited
from core.kv import KeyValueStore, MemoryStore, RedisStore
from core.ratelimit import Limit, enforce_rate_limits
from tests.conftest import BACKEND


@pytest.fixture
async def kv(real_redis: tuple[str, str]) -> AsyncIterator[KeyValueStore]:
    url, prefix = real_redis
    store: KeyValueStore = RedisStore(url, prefix) if BACKEND == "postgres" else MemoryStore(prefix)
    yield store
    await store.close()


async def test_over_the_first_limit_the_second_is_not_counted(kv: KeyValueStore) -> None:
    def limits(client: str) -> list[Limit]:
        return [Limit("ip", client, 2, 60), Limit("case", "C1", 3, 3600)]

    await enforce_rate_limits(kv, limits("a"))
    await enforce_rate_limits(kv, limits("a"))
    for _ in range(3):
        with pytest.raises(RateLimited) as refused:
            await enforce_rate_limits(kv, limits("a"))
        assert 0 < refused.value.retry_after <= 60  # the address's window, not the case's
    # The case counted only the two requests let through: one more from elsewhere is fine.
    await enforce_rate_limits(kv, limits("b"))
    with pytest.raises(RateLimited) as refused:
        await enforce_rate_limits(kv, limits("c"))
    assert 60 < refused.value.retry_after <= 3600


async def test_a_session_read_counts_on_its_subjects_counter_only_when_there_is_one(
    kv: KeyValueStore,
) -> None:
    # The same counter enforce_rate_limit counts on: the two ways of counting a write add up.
    session = '{"kind": "citizen", "id": 41, "exp": 1.5}'
    await kv.set("session:a", session)
    await kv.set("session:gone", "revoked")
    assert await kv.get_and_hit_subject("session:a", "rate:write:", 60) == (session, (1, 60))
    await enforce_rate_limits(kv, [Limit("write", "citizen:41", 5, 60)])
    raw, counted = await kv.get_and_hit_subject("session:a", "rate:write:", 60)
    assert raw == session and counted is not None and counted[0] == 3
    assert 0 < counted[1] <= 60
    assert await kv.get_and_hit_subject("session:gone", "rate:write:", 60) == ("revoked", None)
    assert await kv.get_and_hit_subject("session:none", "rate:write:", 60) == (None, None)
    # Those two counted nothing: the 4th event is let through under a limit of 4, the 5th not.
    await enforce_rate_limits(kv, [Limit("write", "citizen:41", 4, 60)])
    with pytest.raises(RateLimited):
        await enforce_rate_limits(kv, [Limit("write", "citizen:41", 4, 60)])
