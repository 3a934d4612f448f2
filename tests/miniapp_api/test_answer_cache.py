"""The store of kept answers stays bounded whatever keys callers make, and the answers asked for
all the time survive a flood of one-off queries (least recently used out first)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from pydantic import BaseModel

from miniapp_api.answer_cache import CATALOG_ANSWERS, AnswerCache, Key
from miniapp_api.operations import OperationTable


class FixedVersion:
    async def current(self) -> str | None:
        return "v1"

    def known(self) -> str | None:
        return "v1"

    def on_change(self, listener: Callable[[], None]) -> None:
        pass


class Computed:
    """Counts the computations, per searched text: a kept answer is not computed again."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    async def answer(self, cache: AnswerCache, q: str, size: int = 10) -> web.StreamResponse:
        async def compute() -> web.StreamResponse:
            self.counts[q] = self.counts.get(q, 0) + 1
            return web.json_response({"pad": "x" * size})

        request = make_mocked_request("GET", "/api/items/search")
        return await cache.answer(request, key(q), compute)


def key(q: str) -> Key:
    return ("searchItems", q, None, None)


async def test_a_flood_of_unique_queries_keeps_the_store_within_its_bounds() -> None:
    cache = AnswerCache(FixedVersion(), max_entries=50, max_bytes=20_000)
    computed = Computed()
    for n in range(2_000):
        await computed.answer(cache, f"flood-{n}", size=100)
    assert len(cache._entries) <= 50
    assert cache._bytes <= 20_000
    assert cache._bytes == sum(entry.size for entry in cache._entries.values())


async def test_an_answer_in_use_outlives_a_flood_of_one_off_queries() -> None:
    cache = AnswerCache(FixedVersion(), max_entries=8)
    computed = Computed()
    popular = "营业执照"
    for n in range(100):
        await computed.answer(cache, popular)
        await computed.answer(cache, f"once-{n}")
    assert computed.counts[popular] == 1
    # Oldest in, but used since: the one-off queries went before it.
    assert key(popular) in cache._entries


async def test_the_byte_bound_counts_a_query_in_utf8() -> None:
    cache = AnswerCache(FixedVersion(), max_bytes=16_000)
    computed = Computed()
    q = "营业执照" * 170  # 680 characters, 2,040 bytes (+ 11 of "searchItems")
    assert (await computed.answer(cache, q)).status == 200
    # Over an eighth of the bound in bytes (not in characters): sent, not kept.
    assert key(q) not in cache._entries
    await computed.answer(cache, q)
    assert computed.counts[q] == 2


class StrictQuery(BaseModel):
    model_config = {"extra": "forbid"}
    q: str = ""


async def strict_read(query: StrictQuery) -> None:
    """A read whose query refuses parameters it does not know"""


def test_an_answer_cannot_be_kept_for_a_query_that_refuses_unknown_parameters() -> None:
    # Its key leaves them out, so a kept 200 would answer where the model says 422.
    table = OperationTable(audience="public")
    table.get("/api/strict", "strictRead", cache=CATALOG_ANSWERS)(strict_read)
    with pytest.raises(TypeError, match="strictRead"):
        table.add_to(web.Application())
