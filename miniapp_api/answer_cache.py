"""Serialised answers kept per process while their data's version holds, with ETag and 304.

The catalog is read far more often than it changes: an operation declared with `cache=` has its
200 answer stored as bytes under the request's path and query, exactly as sent, and tagged with
the version it was computed under. Until the version changes the same bytes are sent again, with
an `ETag` (a hash of the bytes, so every server gives the same tag for the same answer); a client
sending that tag back in `If-None-Match` gets 304 without a body. Errors are never stored.

The key is what the operation reads of the request: its operationId, its path parameters and the
query parameters its model declares (operations.py's `answer_key`), so `?junk=1` or a second
`&limit=` is the same key as without, and a client cannot make every request a miss that way.
Free text (`?q=`, a department code) still makes new keys: the store is bounded in entries and
bytes, and the least recently used answer goes first, so a stream of one-off queries pushes out
other one-off queries, not the answers that are asked for all the time.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from aiohttp import web

# operationId, then the path's values, then the declared query parameters' (None: not given).
Key: TypeAlias = tuple[str | None, ...]


class Version(Protocol):
    """What the cached answers depend on (workflows.catalog.cache.CatalogVersion)."""

    async def current(self) -> str | None: ...

    def known(self) -> str | None: ...

    def on_change(self, listener: Callable[[], None]) -> None: ...


@dataclass(frozen=True, slots=True)
class Entry:
    version: str
    etag: str
    body: bytes
    content_type: str
    stored_at: float
    # What it holds in the store: its bytes and its key's (a query may carry UTF-8).
    size: int


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def key_size(key: Key) -> int:
    return sum(len(part.encode("utf-8", "surrogateescape")) for part in key if part is not None)


def matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison, a list of tags or `*`."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


class AnswerCache:
    def __init__(
        self,
        version: Version,
        *,
        max_entries: int = 1024,
        max_bytes: int = 8 * 1024 * 1024,
        max_age_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._version = version
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        # A backstop for a change no process was told of (a script writing the database).
        self._max_age = max_age_seconds
        self._clock = clock
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0
        # One computation per missing answer: requests for it meanwhile wait for that one.
        self._computing: dict[tuple[Key, str], asyncio.Future[Entry | None]] = {}
        version.on_change(self.clear)

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    async def answer(
        self,
        request: web.Request,
        key: Key,
        compute: Callable[[], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        version = await self._version.current()
        if version is None:
            return await compute()  # the version is unknown: straight from the database
        entry = self._entries.get(key)
        if (
            entry is None
            or entry.version != version
            or self._clock() - entry.stored_at > self._max_age
        ):
            pending = self._computing.get((key, version))
            if pending is not None:
                entry = await asyncio.shield(pending)
                if entry is None:  # that one failed or was an error answer: try ourselves
                    return await compute()
                return self._send(request, entry)
            response, entry = await self._compute(key, version, compute)
            if entry is None:
                return response
        else:
            self._entries.move_to_end(key)  # used now: the last to go
        return self._send(request, entry)

    async def _compute(
        self, key: Key, version: str, compute: Callable[[], Awaitable[web.StreamResponse]]
    ) -> tuple[web.StreamResponse, Entry | None]:
        pending: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self._computing[(key, version)] = pending
        entry = None
        try:
            response = await compute()
            body = response.body if isinstance(response, web.Response) else None
            if response.status == 200 and isinstance(body, bytes):
                content_type = response.headers["Content-Type"]
                size = len(body) + key_size(key)
                entry = Entry(version, etag_of(body), body, content_type, self._clock(), size)
                # Computed while the catalog changed: send it, do not keep it.
                if self._version.known() == version:
                    self._store(key, entry)
            return response, entry
        finally:
            del self._computing[(key, version)]
            pending.set_result(entry)

    def _send(self, request: web.Request, entry: Entry) -> web.Response:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None and matches(if_none_match, entry.etag):
            return web.Response(status=304, headers={"ETag": entry.etag})
        return web.Response(
            body=entry.body, headers={"ETag": entry.etag, "Content-Type": entry.content_type}
        )

    def _store(self, key: Key, entry: Entry) -> None:
        if entry.size > self._max_bytes // 8:
            return  # one huge answer should not push out everything else
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        # Least recently used first out.
        while self._entries and (
            len(self._entries) >= self._max_entries or self._bytes + entry.size > self._max_bytes
        ):
            _, gone = self._entries.popitem(last=False)
            self._bytes -= gone.size
        self._entries[key] = entry
        self._bytes += entry.size


CATALOG_ANSWERS = web.AppKey("catalog_answers", AnswerCache)
