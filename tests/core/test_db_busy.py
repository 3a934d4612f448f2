"""PostgreSQL refusing a new connection because every one it allows is held ("too many
clients") is a busy service, not an outage: the pool waits a little, then answers busy (429
with Retry-After), never the 503 of a database that is down. A role with a connection limit
stands in for the server's max_connections, so other runs sharing the server are not starved."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from core.db import _connect_or_busy
from core.errors import RateLimited
from tests.conftest import PG_ADMIN_URL

pytestmark = pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND") != "postgres", reason="PostgreSQL's own refusal"
)


@pytest.fixture
async def one_connection_dsn(database_url: str) -> AsyncIterator[str]:
    role = f"miniapp_busy_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await admin.execute(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1')
        yield database_url.replace("postgres@", f"{role}@", 1)
    finally:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", role
        )
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


async def test_no_connection_left_answers_busy_with_retry_after(one_connection_dsn: str) -> None:
    pool = await asyncpg.create_pool(
        one_connection_dsn, min_size=1, max_size=2, connect=_connect_or_busy
    )
    try:
        async with pool.acquire():
            with pytest.raises(RateLimited) as refused:
                async with pool.acquire():
                    pass
        assert refused.value.code == "busy" and refused.value.retry_after == 1
        assert await pool.fetchval("SELECT 1") == 1  # the pool itself still serves
    finally:
        await pool.close()


async def test_a_connection_given_back_meanwhile_is_waited_for(one_connection_dsn: str) -> None:
    other = await asyncpg.connect(one_connection_dsn)  # another process holding the last one
    pool = await asyncpg.create_pool(
        one_connection_dsn, min_size=0, max_size=1, connect=_connect_or_busy
    )
    try:
        asyncio.get_running_loop().call_later(0.1, lambda: asyncio.ensure_future(other.close()))
        assert await pool.fetchval("SELECT 1") == 1
    finally:
        await pool.close()
