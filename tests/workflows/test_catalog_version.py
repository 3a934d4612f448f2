"""A new process's first look at the catalog version: the requests that arrive meanwhile wait
for it instead of taking the version for unknown (which sends each of them to the database)."""

from __future__ import annotations

import asyncio

from core.errors import Unavailable
from core.kv import MemoryStore
from workflows.catalog.cache import VERSION_KEY, CatalogVersion


class SlowStore(MemoryStore):
    """Answers `get` only when the test lets it, and counts the reads."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__("test:")
        self.reads = 0
        self.release = asyncio.Event()
        self._fail = fail

    async def get(self, key: str) -> str | None:
        self.reads += 1
        await self.release.wait()
        if self._fail:
            raise Unavailable("the store is down")
        return await super().get(key)


async def test_requests_during_the_first_read_get_its_token_not_unknown() -> None:
    store = SlowStore()
    await store.set(VERSION_KEY, "token-1")
    version = CatalogVersion(store)
    waiting = [asyncio.create_task(version.current()) for _ in range(20)]
    await asyncio.sleep(0)
    store.release.set()
    assert await asyncio.gather(*waiting) == ["token-1"] * 20
    assert store.reads == 1


async def test_a_failed_first_read_leaves_the_version_unknown_for_everyone() -> None:
    store = SlowStore(fail=True)
    version = CatalogVersion(store)
    waiting = [asyncio.create_task(version.current()) for _ in range(5)]
    await asyncio.sleep(0)
    store.release.set()
    assert await asyncio.gather(*waiting) == [None] * 5


async def test_after_the_first_read_a_recheck_does_not_hold_anyone_up() -> None:
    now = [0.0]
    store = SlowStore()
    await store.set(VERSION_KEY, "token-1")
    store.release.set()
    version = CatalogVersion(store, check_seconds=0.5, clock=lambda: now[0])
    assert await version.current() == "token-1"
    store.release.clear()
    now[0] = 1.0
    rechecking = asyncio.create_task(version.current())
    await asyncio.sleep(0)
    # The recheck is waiting on the store; others keep the token they had.
    assert await asyncio.wait_for(version.current(), 1) == "token-1"
    await store.set(VERSION_KEY, "token-2")
    store.release.set()
    assert await rechecking == "token-2"
