"""Opaque session tokens, stored server-side with expiry, revocable.

Only a hash of the token is stored, so a dump of Redis yields nothing a client could replay.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Literal

from core.kv import KeyValueStore

SubjectKind = Literal["citizen", "staff"]


@dataclass(frozen=True)
class Session:
    kind: SubjectKind
    subject_id: int
    expires_at: float


def session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


def subject_sessions_key(kind: SubjectKind, subject_id: int) -> str:
    """The set of one subject's session keys (hashes, never tokens), for "log out everywhere"."""
    return f"sessions-of:{kind}:{subject_id}"


class SessionStore:
    def __init__(self, kv: KeyValueStore, ttl_seconds: dict[SubjectKind, int]) -> None:
        self._kv = kv
        self._ttl = ttl_seconds

    async def issue(self, kind: SubjectKind, subject_id: int) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        ttl = self._ttl[kind]
        session = Session(kind=kind, subject_id=subject_id, expires_at=time.time() + ttl)
        payload = json.dumps({"kind": kind, "id": subject_id, "exp": session.expires_at})
        await self._kv.set(session_key(token), payload, ttl=ttl)
        # Every session of a kind lives equally long, so the newest one sets the index's expiry.
        await self._kv.add_member(
            subject_sessions_key(kind, subject_id), session_key(token), ttl=ttl
        )
        return token, session

    async def resolve(self, token: str) -> Session | None:
        raw = await self._kv.get(session_key(token))
        if raw is None:
            return None
        data = json.loads(raw)
        return Session(kind=data["kind"], subject_id=int(data["id"]), expires_at=data["exp"])

    async def revoke(self, token: str) -> bool:
        return await self._kv.delete(session_key(token))

    async def revoke_all(self, kind: SubjectKind, subject_id: int) -> int:
        """Revoke every session of one subject; returns how many were still live."""
        revoked = 0
        for key in await self._kv.take_members(subject_sessions_key(kind, subject_id)):
            revoked += await self._kv.delete(key)
        return revoked
