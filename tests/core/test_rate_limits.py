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
