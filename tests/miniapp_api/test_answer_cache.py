"""The store of kept answers stays bounded whatever keys callers make, and the answers asked for
all the time survive a flood of one-off queries (least recently used out first)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from miniapp_api.answer_cache import AnswerCache


class FixedVersion:
    async def current(self) -> str | None:
        return "v1"

    def known(self) -> str | None:
        return "v1"

    def on_change(self, listener: Callable[[], None]) -> None:
        pass


class Computed:
    """Counts the computations, per path: a kept answer is not computed again."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    async def answer(self, cache: AnswerCache, path: str, size: int = 10) -> web.StreamResponse:
        async def compute() -> web.StreamResponse:
            self.counts[path] = self.counts.get(path, 0) + 1
            return web.json_response({"pad": "x" * size})

        return await cache.answer(make_mocked_request("GET", path), compute)


async def test_a_flood_of_unique_queries_keeps_the_store_within_its_bounds() -> None:
    cache = AnswerCache(FixedVersion(), max_entries=50, max_bytes=20_000)
    computed = Computed()
    for n in range(2_000):
        await computed.answer(cache, f"/api/items/search?q=flood-{n}", size=100)
    assert len(cache._entries) <= 50
    assert cache._bytes <= 20_000
    assert cache._bytes == sum(entry.size for entry in cache._entries.values())


async def test_an_answer_in_use_outlives_a_flood_of_one_off_queries() -> None:
    cache = AnswerCache(FixedVersion(), max_entries=8)
    computed = Computed()
    popular = "/api/items"
    for n in range(100):
        await computed.answer(cache, popular)
        await computed.answer(cache, f"/api/items/search?q=once-{n}")
    assert computed.counts[popular] == 1
    # Oldest in, but used since: the one-off queries went before it.
    assert popular in cache._entries


async def test_the_byte_bound_counts_a_raw_path_in_utf8() -> None:
    cache = AnswerCache(FixedVersion(), max_bytes=16_000)
    computed = Computed()
    path = "/api/items/search?q=" + "营业执照" * 200  # 820 characters, 2,420 bytes
    assert (await computed.answer(cache, path)).status == 200
    # Over an eighth of the bound in bytes (not in characters): sent, not kept.
    assert path not in cache._entries
    await computed.answer(cache, path)
    assert computed.counts[path] == 2
