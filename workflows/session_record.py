"""The database as the record of sessions (core.sessions.SessionRecord): a Redis restart or
outage signs nobody out, and revoking is final even if the cache missed it."""

from __future__ import annotations

from datetime import UTC, datetime

from core.sessions import Session, SubjectKind
from models.sessions import UserSession


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _session(row: UserSession) -> Session:
    kind: SubjectKind = "citizen" if row.kind == "citizen" else "staff"
    return Session(kind=kind, subject_id=row.subject_id, expires_at=row.expires_at.timestamp())


class DatabaseSessionRecord:
    async def create(self, token_hash: str, session: Session) -> None:
        await UserSession.create(
            token_hash=token_hash,
            kind=session.kind,
            subject_id=session.subject_id,
            expires_at=_at(session.expires_at),
        )

    async def find(self, token_hash: str, now: float) -> Session | None:
        row = await UserSession.get_or_none(
            token_hash=token_hash, revoked_at=None, expires_at__gt=_at(now)
        )
        return _session(row) if row else None

    async def revoke(self, token_hash: str, now: float) -> float | None:
        """Revoke one live session; returns when it would have expired, or None if not live."""
        session = await self.find(token_hash, now)
        if session is None:
            return None
        await UserSession.filter(token_hash=token_hash, revoked_at=None).update(revoked_at=_at(now))
        return session.expires_at

    async def revoke_all(self, kind: SubjectKind, subject_id: int, now: float) -> dict[str, float]:
        """Revoke every live session of one subject; returns their hashes and expiries."""
        live = UserSession.filter(
            kind=kind, subject_id=subject_id, revoked_at=None, expires_at__gt=_at(now)
        )
        rows = await live.values_list("token_hash", "expires_at")
        hashes = {str(token_hash): expires_at.timestamp() for token_hash, expires_at in rows}
        if hashes:
            await UserSession.filter(token_hash__in=list(hashes), revoked_at=None).update(
                revoked_at=_at(now)
            )
        return hashes

    async def purge(self, expired_before: float) -> int:
        """Delete rows of sessions that ended before this time (revoked or expired)."""
        return await UserSession.filter(expires_at__lt=_at(expired_before)).delete()
