"""Sessions this process verified a moment ago, so a burst of calls from one phone (a page asks
for several things at once) costs one read of the shared session cache instead of one per call.

Kept for `keep_seconds` at most, and only while this process knows the shared "sessions
revoked" version is unchanged: every revocation (logout, log out everywhere) writes a new version,
and each process reads it at most every CHECK_SECONDS, from the request that finds it due. A
revocation made by another process therefore takes effect here within CHECK_SECONDS (plus the
read's round trip); one made by this process at once. If the version cannot be read (Redis down),
nothing is kept or served from here until it can.

Only the session (who, until when) is kept, never the principal: whether the account still
exists or is active is still asked on every request.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.errors import Unavailable
from core.kv import KeyValueStore

if TYPE_CHECKING:
    from core.sessions import Session

VERSION_KEY = "sessions-revoked-version"
CHECK_SECONDS = 0.5
# Sessions kept at most (oldest dropped first): ~300 bytes each, so at most ~1 MB per process.
MAX_ENTRIES = 4096
_UNREAD = object()  # the version before the first read: any value read differs from it


class RecentSessions:
    def __init__(
        self,
        kv: KeyValueStore,
        keep_seconds: float,
        *,
        check_seconds: float = CHECK_SECONDS,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._kv = kv
        self._keep = keep_seconds
        self._check = check_seconds
        self._max = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[Session, float]] = {}
        self._version: object = _UNREAD
        self._checked_at = float("-inf")
        self._usable = False
        # Bumped whenever what is kept is thrown away: a session read before the bump is stale.
        self._generation = 0

    async def generation(self) -> int | None:
        """The generation to hand back to `keep`, or None while nothing may be served from here.
        Reads the shared version when it is due; requests meanwhile keep the view they had."""
        now = self._clock()
        if now - self._checked_at >= self._check:
            self._checked_at = now
            try:
                version = await self._kv.get(VERSION_KEY)
            except Unavailable:
                self._usable = False
                self._forget()
                return None
            if version != self._version:
                self._version = version
                self._forget()
            self._usable = True
        return self._generation if self._usable else None

    def get(self, hashed: str, now: float) -> Session | None:
        entry = self._entries.get(hashed)
        if entry is None:
            return None
        session, kept_at = entry
        if self._clock() - kept_at >= self._keep or session.expires_at <= now:
            del self._entries[hashed]
            return None
        return session

    def keep(self, hashed: str, session: Session, generation: int) -> None:
        """Keep a session read from the shared cache or the record under `generation`; if a
        revocation was seen since, the read may predate it, so it is not kept."""
        if generation != self._generation or not self._usable:
            return
        if len(self._entries) >= self._max:
            del self._entries[next(iter(self._entries))]  # the oldest: dicts keep insertion order
        self._entries[hashed] = (session, self._clock())

    async def revoked(self) -> None:
        """A session was revoked here: forget at once, and tell every process (raises Unavailable
        if the store cannot be told; its peers then cannot read the version either)."""
        self._forget()
        version = secrets.token_hex(8)
        await self._kv.set(VERSION_KEY, version)
        self._version = version
        self._forget()  # a read that began before the write may have kept something meanwhile

    def _forget(self) -> None:
        self._entries.clear()
        self._generation += 1
