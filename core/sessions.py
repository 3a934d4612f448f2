"""Opaque session tokens, stored server-side with expiry, revocable.

With a record (the database, see workflows/session_record.py) the record is the truth and the
key-value store a read-through cache of live sessions, filled with each one's remaining lifetime:
a Redis restart loses nothing and a Redis outage signs nobody out. Revoking marks the record and
leaves a "revoked" marker in the cache (never a plain delete), so a request that read the record
just before cannot put the revoked session back. Without a record (unit tests, bench tools), the
store alone keeps sessions, as before.

Only a hash of the token is stored, so a dump of Redis or the database yields nothing a client
could replay. A server process also keeps the sessions it verified in the last few seconds
(core/recent_sessions.py): every revocation tells all processes to forget them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Literal, Protocol

from core.errors import Unavailable
from core.kv import KeyValueStore
from core.recent_sessions import RecentSessions

SubjectKind = Literal["citizen", "staff"]
REVOKED = "revoked"


@dataclass(frozen=True)
class Session:
    kind: SubjectKind
    subject_id: int
    expires_at: float


class SessionRecord(Protocol):
    async def create(self, token_hash: str, session: Session) -> None: ...

    async def find(self, token_hash: str, now: float) -> Session | None:
        """The session if it is live (neither expired nor revoked)."""
        ...

    async def revoke(self, token_hash: str, now: float) -> float | None:
        """Returns the revoked session's expiry, or None if it was not live."""
        ...

    async def revoke_all(self, kind: SubjectKind, subject_id: int, now: float) -> dict[str, float]:
        """Returns the revoked sessions' token hashes and expiries."""
        ...


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_key(token: str) -> str:
    return _key(token_hash(token))


def _key(hashed: str) -> str:
    return "session:" + hashed


def subject_sessions_key(kind: SubjectKind, subject_id: int) -> str:
    """The set of one subject's session keys (hashes, never tokens), for "log out everywhere"."""
    return f"sessions-of:{kind}:{subject_id}"


def _payload(session: Session) -> str:
    return json.dumps({"kind": session.kind, "id": session.subject_id, "exp": session.expires_at})


class SessionStore:
    def __init__(
        self,
        kv: KeyValueStore,
        ttl_seconds: dict[SubjectKind, int],
        record: SessionRecord | None = None,
        recent: RecentSessions | None = None,
    ) -> None:
        self._kv = kv
        self._ttl = ttl_seconds
        self._record = record
        self._recent = recent

    async def issue(self, kind: SubjectKind, subject_id: int) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        hashed = token_hash(token)
        ttl = self._ttl[kind]
        session = Session(kind=kind, subject_id=subject_id, expires_at=time.time() + ttl)
        if self._record is not None:
            await self._record.create(hashed, session)
        try:
            await self._kv.set(_key(hashed), _payload(session), ttl=ttl)
            # Every session of a kind lives equally long, so the newest one sets the index's
            # expiry. With a record the index only finds sessions issued before there was one.
            await self._kv.add_member(subject_sessions_key(kind, subject_id), _key(hashed), ttl=ttl)
        except Unavailable:
            if self._record is None:
                raise  # the cache would have been the only copy
        return token, session

    async def resolve(self, token: str) -> Session | None:
        return (await self.resolve_counting(token, None))[0]

    async def resolve_counting(
        self, token: str, counter: tuple[str, int] | None
    ) -> tuple[Session | None, tuple[int, int] | None]:
        """The session, and with `counter` (key prefix, window) one event counted on the
        counter of its subject (kv.get_and_hit_subject) in the same round trip as the shared
        cache's read: (events, seconds until reset), or None when not counted here (the session
        came from this process's recent ones or from the record)."""
        hashed = token_hash(token)
        if self._recent is None:
            return await self._resolve(hashed, counter)
        generation = await self._recent.generation()
        if generation is None:  # the revocation version cannot be read: ask every time
            return await self._resolve(hashed, counter)
        session = self._recent.get(hashed, time.time())
        if session is not None:
            return session, None
        session, counted = await self._resolve(hashed, counter)
        if session is not None:
            self._recent.keep(hashed, session, generation)
        return session, counted

    async def _resolve(
        self, hashed: str, counter: tuple[str, int] | None
    ) -> tuple[Session | None, tuple[int, int] | None]:
        counted = None
        try:
            if counter is None:
                raw = await self._kv.get(_key(hashed))
            else:
                raw, counted = await self._kv.get_and_hit_subject(_key(hashed), *counter)
        except Unavailable:
            if self._record is None:
                raise
            return await self._record.find(hashed, time.time()), None  # the record answers alone
        if raw == REVOKED:
            return None, None
        if raw is not None:
            data = json.loads(raw)
            session = Session(kind=data["kind"], subject_id=int(data["id"]), expires_at=data["exp"])
            return session, counted
        if self._record is None:
            return None, None
        now = time.time()
        session = await self._record.find(hashed, now)
        if session is not None:
            # Only if absent: a "revoked" marker written meanwhile must win.
            await self._cache(hashed, _payload(session), session.expires_at - now)
        return session, None

    async def revoke(self, token: str) -> bool:
        try:
            return await self._revoke(token_hash(token))
        finally:  # even half done (the record revoked, the cache not told): nobody keeps a copy
            await self._tell_processes()

    async def _revoke(self, hashed: str) -> bool:
        if self._record is None:
            return await self._kv.delete(_key(hashed))
        now = time.time()
        expires_at = await self._record.revoke(hashed, now)
        if expires_at is None:
            # Not in the record: perhaps issued before there was one, and only cached.
            if await self._kv.get(_key(hashed)) in (None, REVOKED):
                return False
            return await self._kv.delete(_key(hashed))
        await self._mark_revoked(hashed, expires_at - now)
        return True

    async def revoke_all(self, kind: SubjectKind, subject_id: int) -> int:
        """Revoke every session of one subject; returns how many were still live."""
        now = time.time()
        revoked: set[str] = set()
        if self._record is not None:
            for hashed, expires_at in (
                await self._record.revoke_all(kind, subject_id, now)
            ).items():
                await self._mark_revoked(hashed, expires_at - now)
                revoked.add(_key(hashed))
        for key in await self._kv.take_members(subject_sessions_key(kind, subject_id)):
            if key not in revoked and await self._kv.get(key) not in (None, REVOKED):
                await self._kv.delete(key)
                revoked.add(key)
        await self._tell_processes()
        return len(revoked)

    async def _tell_processes(self) -> None:
        if self._recent is not None:
            await self._recent.revoked()

    async def _mark_revoked(self, hashed: str, ttl: float) -> None:
        # Raises Unavailable if the cache cannot be told: the client then retries, rather than
        # leave a copy that would serve the revoked session once the cache is reachable again.
        if ttl > 0:
            await self._kv.set(_key(hashed), REVOKED, ttl=ttl)

    async def _cache(self, hashed: str, payload: str, ttl: float) -> None:
        if ttl <= 0:
            return
        # A cache that is down only costs the next request another read of the record.
        with contextlib.suppress(Unavailable):
            await self._kv.set(_key(hashed), payload, ttl=ttl, only_if_absent=True)
