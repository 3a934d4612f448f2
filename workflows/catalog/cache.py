"""Whether the catalog changed, for every process: one version token in the shared store.

A catalog write stores a fresh token once its transaction has committed; each process compares
the stored token with its own at most every `check_seconds`, so what it keeps about the catalog
(answers, the search index) is dropped within that time of a change made by any server. Without
Redis the store is this process's own, and so is the token. When the store cannot answer, the
version is unknown (None) and nothing may be served from memory until it answers again.
"""

from __future__ import annotations

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
            return self._token
        # Requests arriving while this one asks keep the token they had: no stampede.
        self._checked_at = now
        try:
            token = await self._kv.get(VERSION_KEY) or UNSET
        except Unavailable:
            token = None
        self._adopt(token)
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

    def _adopt(self, token: str | None, force: bool = False) -> None:
        if token == self._token and token is not None and not force:
            return
        self._token = token
        for listener in self._listeners:
            listener()
