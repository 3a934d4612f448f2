"""Session tokens expire after their lifetime and can be revoked, on both stores; the copies a
server process keeps for a few seconds are forgotten everywhere when a session is revoked."""

import os

import pytest

from core.errors import Unavailable
from core.kv import KeyValueStore, MemoryStore, RedisStore
from core.recent_sessions import CHECK_SECONDS, VERSION_KEY, RecentSessions
from core.sessions import SessionStore, SubjectKind, session_key


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


TTL: dict[SubjectKind, int] = {"citizen": 3600, "staff": 3600}


class CountingStore(MemoryStore):
    """One Redis shared by every process; counts the session reads that reach it."""

    def __init__(self) -> None:
        super().__init__("shared:")
        self.session_reads = 0
        self.version_readable = True

    async def get(self, key: str) -> str | None:
        if key == VERSION_KEY and not self.version_readable:
            raise Unavailable("down", code="cache_unavailable")
        if key.startswith("session:"):
            self.session_reads += 1
        return await super().get(key)


def process(kv: KeyValueStore, clock: FakeClock, keep: float = 5) -> SessionStore:
    return SessionStore(kv, TTL, recent=RecentSessions(kv, keep, clock=clock))


async def test_a_burst_of_calls_reads_the_shared_session_cache_once() -> None:
    kv, clock = CountingStore(), FakeClock()
    server = process(kv, clock)
    token, session = await server.issue("citizen", 7)
    assert [await server.resolve(token) for _ in range(3)] == [session] * 3
    assert kv.session_reads == 1
    clock.now += 5  # kept no longer than keep_seconds
    assert await server.resolve(token) == session
    assert kv.session_reads == 2


async def test_a_logout_elsewhere_takes_effect_here_within_the_check_interval() -> None:
    kv, clock = CountingStore(), FakeClock()
    here, there = process(kv, clock), process(kv, clock)
    token, session = await there.issue("citizen", 7)
    assert await here.resolve(token) == session
    assert await there.revoke(token)
    assert await there.resolve(token) is None  # at once where it was revoked
    assert await here.resolve(token) == session  # the copy kept here, for at most ...
    clock.now += CHECK_SECONDS  # ... this long
    assert await here.resolve(token) is None


async def test_log_out_everywhere_reaches_the_copies_other_processes_keep() -> None:
    kv, clock = CountingStore(), FakeClock()
    here, there = process(kv, clock), process(kv, clock)
    phone, _ = await there.issue("citizen", 7)
    tablet, _ = await there.issue("citizen", 7)
    assert await here.resolve(phone) is not None and await here.resolve(tablet) is not None
    assert await there.revoke_all("citizen", 7) == 2
    clock.now += CHECK_SECONDS
    assert await here.resolve(phone) is None and await here.resolve(tablet) is None


async def test_nothing_is_kept_while_the_revocation_version_cannot_be_read() -> None:
    kv, clock = CountingStore(), FakeClock()
    here, there = process(kv, clock), process(kv, clock)
    kv.version_readable = False
    token, session = await there.issue("citizen", 7)
    assert await here.resolve(token) == session
    assert await here.resolve(token) == session
    assert kv.session_reads == 2
    await kv.delete(session_key(token))  # gone from the shared cache, by whatever means
    assert await here.resolve(token) is None  # seen at once: no copy was kept


async def test_a_session_read_just_before_a_logout_here_is_not_kept() -> None:
    clock = FakeClock()

    class LogoutDuringRead(CountingStore):
        async def get(self, key: str) -> str | None:
            raw = await super().get(key)
            if key.startswith("session:") and self.session_reads == 1:
                await server.revoke(token)  # another request of this process logs out meanwhile
            return raw

    kv = LogoutDuringRead()
    server = process(kv, clock)
    token, session = await server.issue("citizen", 7)
    assert await server.resolve(token) == session  # it read the session before the logout
    assert await server.resolve(token) is None


@pytest.mark.skipif(os.environ.get("MINIAPP_TEST_BACKEND") != "postgres", reason="real Redis run")
async def test_a_logout_reaches_another_process_through_redis(
    real_redis: tuple[str, str],
) -> None:
    url, prefix = real_redis
    clock = FakeClock()
    here_kv, there_kv = RedisStore(url, prefix), RedisStore(url, prefix)
    try:
        here, there = process(here_kv, clock), process(there_kv, clock)
        token, session = await there.issue("staff", 3)
        assert await here.resolve(token) == session
        assert await there.revoke(token)
        clock.now += CHECK_SECONDS
        assert await here.resolve(token) is None
    finally:
        await here_kv.close()
        await there_kv.close()
