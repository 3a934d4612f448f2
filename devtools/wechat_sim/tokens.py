"""Access tokens: who owns each one, when it expires, and when a newer one replaced it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum, StrEnum

TOKEN_TTL = 7200
# Per the docs, after /cgi-bin/token issues a new token the old one keeps working this long.
REPLACEMENT_GRACE = 300.0


class TokenKind(StrEnum):
    MP = "mp"
    # Stable tokens are "completely isolated" from /cgi-bin/token ones, so they are their own kind.
    MP_STABLE = "mp_stable"
    WECOM = "wecom"


class TokenStatus(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    REPLACED = "replaced"
    UNKNOWN = "unknown"


@dataclass
class Token:
    value: str
    kind: TokenKind
    owner: str
    agentid: int | None
    issued_at: float
    expires_at: float
    replaced_at: float | None = None

    def status(self, now: float) -> TokenStatus:
        if now >= self.expires_at:
            return TokenStatus.EXPIRED
        if self.replaced_at is not None and now >= self.replaced_at:
            return TokenStatus.REPLACED
        return TokenStatus.VALID

    def remaining(self, now: float) -> int:
        return max(0, int(self.expires_at - now))


TokenSlot = tuple[TokenKind, str, int | None]


class TokenStore:
    def __init__(self) -> None:
        self._tokens: dict[str, Token] = {}
        self._latest: dict[TokenSlot, Token] = {}

    def issue(
        self,
        kind: TokenKind,
        owner: str,
        now: float,
        *,
        agentid: int | None = None,
        grace: float = 0.0,
    ) -> Token:
        slot = (kind, owner, agentid)
        previous = self._latest.get(slot)
        if previous is not None and previous.replaced_at is None:
            previous.replaced_at = now + grace
        token = Token(
            value=secrets.token_urlsafe(96),
            kind=kind,
            owner=owner,
            agentid=agentid,
            issued_at=now,
            expires_at=now + TOKEN_TTL,
        )
        self._tokens[token.value] = token
        self._latest[slot] = token
        return token

    def latest_valid(
        self, kind: TokenKind, owner: str, now: float, *, agentid: int | None = None
    ) -> Token | None:
        token = self._latest.get((kind, owner, agentid))
        if token is None or token.status(now) is not TokenStatus.VALID:
            return None
        return token

    def check(self, value: str, now: float) -> tuple[TokenStatus, Token | None]:
        token = self._tokens.get(value)
        if token is None:
            return TokenStatus.UNKNOWN, None
        return token.status(now), token

    def expire_all(self, now: float) -> None:
        for token in self._tokens.values():
            token.expires_at = min(token.expires_at, now)

    def clear(self) -> None:
        self._tokens.clear()
        self._latest.clear()
