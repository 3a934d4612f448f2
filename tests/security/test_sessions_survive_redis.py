"""Sessions are kept in the database and only cached in Redis: a Redis restart signs nobody
out, a Redis outage neither, and what was revoked stays revoked whichever copy is asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from core.kv import MemoryStore
from core.sessions import SessionStore
from tests.security.throwaway import ThrowawayRedis
from workflows.session_record import DatabaseSessionRecord

TTL = {"citizen": 3600, "staff": 3600}


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings_overrides(redis_server: ThrowawayRedis) -> dict[str, str]:
    return {"MINIAPP_REDIS_URL": redis_server.url}


async def _me(client: TestClient, headers: dict[str, Any]) -> int:
    return (await client.get("/api/me", headers=headers)).status


async def test_a_redis_restart_signs_nobody_out(
    client: TestClient, redis_server: ThrowawayRedis, login_citizen: Any, make_staff: Any
) -> None:
    citizen, staff = await login_citizen("o-stays"), await make_staff("clerk-1", ["clerk"])
    left = await login_citizen("o-left")
    assert (await client.post("/api/auth/logout", headers=left)).status == 204

    redis_server.stop()
    redis_server.start()  # empty: it keeps nothing on disk

    assert await _me(client, citizen) == 200
    assert await _me(client, staff) == 200
    assert await _me(client, left) == 401  # a logout is not undone by losing the cache
    # Log out everywhere finds the sessions the new Redis never saw.
    phone = await login_citizen("o-stays")
    response = await client.post("/api/auth/logout-everywhere", headers=phone)
    assert (await response.json())["revoked"] == 2
    assert await _me(client, citizen) == await _me(client, phone) == 401
    assert await _me(client, staff) == 200


async def test_with_redis_stopped_sessions_still_resolve(
    client: TestClient, redis_server: ThrowawayRedis, login_citizen: Any
) -> None:
    citizen, other = await login_citizen("o-a"), await login_citizen("o-b")
    redis_server.stop()
    assert await _me(client, citizen) == 200
    # Changes need the write limiter (in Redis): a logout is refused whole, to be retried ...
    response = await client.post("/api/auth/logout", headers=other)
    assert response.status == 503 and int(response.headers["Retry-After"]) > 0
    assert await _me(client, other) == 200
    redis_server.start()
    # ... and then it holds, in the record and in the new cache alike.
    assert (await client.post("/api/auth/logout", headers=other)).status == 204
    assert await _me(client, other) == 401
    assert await _me(client, citizen) == 200


async def test_a_fresh_cache_reads_sessions_from_the_database(
    client: TestClient, app: web.Application, login_citizen: Any
) -> None:
    """What a restarted server on the embedded default (in-process cache) sees."""
    kept = (await login_citizen("o-kept"))["Authorization"].removeprefix("Bearer ")
    gone = (await login_citizen("o-gone"))["Authorization"].removeprefix("Bearer ")
    assert await app[SESSIONS].revoke(gone)

    restarted = SessionStore(MemoryStore("fresh:"), TTL, DatabaseSessionRecord())
    session = await restarted.resolve(kept)
    assert session is not None and session.kind == "citizen"
    assert await restarted.resolve(gone) is None
    assert await restarted.resolve("never-issued") is None


async def test_a_revoked_session_read_just_before_is_not_cached_back(client: TestClient) -> None:
    """A request that found the session live in the database, then lost the race to a logout,
    must not put it back into the cache."""
    kv = MemoryStore("race:")
    store = SessionStore(kv, TTL, DatabaseSessionRecord())
    token, _ = await store.issue("citizen", 1)
    record = DatabaseSessionRecord()

    class LateReader(DatabaseSessionRecord):
        async def find(self, token_hash: str, now: float) -> Any:
            found = await record.find(token_hash, now)
            await store.revoke(token)  # the logout lands between the read and the cache write
            return found

    await kv.close()  # the cache forgot everything (a restart)
    reader = SessionStore(kv, TTL, LateReader())
    assert await reader.resolve(token) is not None  # it read the record just before
    assert await store.resolve(token) is None
    assert await SessionStore(MemoryStore("other:"), TTL, record).resolve(token) is None
