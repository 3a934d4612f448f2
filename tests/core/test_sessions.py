"""Session tokens expire after their lifetime and can be revoked, on both stores."""

import os

import pytest

from core.kv import MemoryStore, RedisStore
from core.sessions import SessionStore, session_key


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_session_expires_after_its_lifetime() -> None:
    clock = FakeClock()
    store = SessionStore(MemoryStore("t:", clock=clock), {"citizen": 60, "staff": 30})
    token, session = await store.issue("citizen", 7)
    assert (await store.resolve(token)) == session
    clock.now += 59
    assert await store.resolve(token) is not None
    clock.now += 2
    assert await store.resolve(token) is None


async def test_revoked_session_is_gone() -> None:
    store = SessionStore(MemoryStore("t:"), {"citizen": 60, "staff": 60})
    token, _ = await store.issue("staff", 3)
    assert await store.revoke(token) is True
    assert await store.resolve(token) is None


async def test_only_a_hash_of_the_token_is_stored() -> None:
    kv = MemoryStore("t:")
    token, _ = await SessionStore(kv, {"citizen": 60, "staff": 60}).issue("citizen", 1)
    assert token not in session_key(token)
    assert await kv.get(session_key(token)) is not None


@pytest.mark.skipif(os.environ.get("MINIAPP_TEST_BACKEND") != "postgres", reason="real Redis run")
async def test_redis_session_carries_the_configured_lifetime(real_redis: tuple[str, str]) -> None:
    url, prefix = real_redis
    kv = RedisStore(url, prefix)
    try:
        token, _ = await SessionStore(kv, {"citizen": 120, "staff": 60}).issue("citizen", 1)
        ttl_ms = await kv.client.pttl(prefix + session_key(token))
        assert 110_000 < ttl_ms <= 120_000
    finally:
        await kv.close()
