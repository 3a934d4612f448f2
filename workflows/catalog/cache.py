"""Whether the catalog changed, for every process: one version token in the shared store.

A catalog write stores a fresh token once its transaction has committed; each process compares
the stored token with its own at most every `check_seconds`, so what it keeps about the catalog
(answers, the search index) is dropped within that time of a change made by any server. Without
Redis the store is this process's own, and so is the token. When the store cannot answer, the
version is unknown (None) and nothing may be served from memory until it answers again. A new
process has no token yet: requests arriving while its first read is on the way wait for that
read, rather than each going to the database as if the store could not answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable

from core.errors import Unavailable
from core.kv import KeyValueStore

log = logging.getLogger(__name__)
VERSION_KEY = "catalog:version"
# No token stored yet (a new Redis, or one that lost its data): a version like any other.
UNSET = "unset"


class CatalogVersion:
    def __init__(
        self,
        kv: KeyValueStore,
        check_seconds: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._kv = kv
        self._check_seconds = check_seconds
        self._clock = clock
        self._token: str | None = None
        self._checked_at = float("-inf")
        self._listeners: list[Callable[[], None]] = []
        self._adopted_once = False
        # A new process's first read of the store while it is under way.
        self._first_read: asyncio.Future[str | None] | None = None

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever this process learns that the catalog changed."""
        self._listeners.append(listener)

    def known(self) -> str | None:
        """The token as last read, without asking the store."""
        return self._token

    async def current(self) -> str | None:
        """The catalog's version, read from the store at most every `check_seconds`."""
        now = self._clock()
        if now - self._checked_at < self._check_seconds:
            if self._first_read is not None:
                return await asyncio.shield(self._first_read)
            return self._token
        # Requests arriving while this one asks keep the token they had: no stampede.
        self._checked_at = now
        if self._adopted_once:
            await self._read()
            return self._token
        first = self._first_read = asyncio.get_running_loop().create_future()
        try:
            await self._read()
        finally:
            self._first_read = None
            first.set_result(self._token)
        return self._token

    async def changed(self) -> None:
        """The catalog was written (the transaction has committed): tell every process."""
        token = uuid.uuid4().hex
        try:
            await self._kv.set(VERSION_KEY, token)
        except Unavailable:
            # The change stands; other processes cannot read the store either, so they serve
            # nothing from memory meanwhile.
            log.warning("catalog changed but the shared store is unavailable")
            token = None
        self._checked_at = self._clock()
        self._adopt(token, force=True)

    async def _read(self) -> None:
        try:
            token = await self._kv.get(VERSION_KEY) or UNSET
        except Unavailable:
            token = None
        self._adopt(token)

    def _adopt(self, token: str | None, force: bool = False) -> None:
        self._adopted_once = True
        if token == self._token and token is not None and not force:
            return
        self._token = token
        for listener in self._listeners:
            listener()
