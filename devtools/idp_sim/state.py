"""What the simulated identity platform knows: clients, users, codes, tokens, keys, tampering."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import RSAKey

# Authorization codes live briefly, as the spec recommends (RFC 6749 §4.1.2: ten minutes at most).
CODE_TTL = 60.0
ACCESS_TOKEN_TTL = 600
ID_TOKEN_TTL = 300


@dataclass(frozen=True)
class IdpClient:
    client_id: str
    secret: str
    redirect_uris: frozenset[str]


@dataclass
class CodeGrant:
    client_id: str
    redirect_uri: str
    subject: str
    scope: str
    nonce: str | None
    code_challenge: str
    issued_at: float
    used: bool = False


@dataclass
class AccessGrant:
    subject: str
    client_id: str
    expires_at: float


@dataclass
class Tampering:
    """How the next id_tokens are spoiled, for tests of the relying party's checks."""

    wrong_key: bool = False
    claims: dict[str, Any] = field(default_factory=dict)


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


class IdpState:
    def __init__(
        self,
        client_id: str = "miniapp-client",
        client_secret: str = "idp-demo-secret",
        redirect_uri: str = "https://miniapp.example/identity/callback",
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._clock = clock
        self._offset = 0.0
        self.clients: dict[str, IdpClient] = {}
        # subject -> the claims the platform holds about that person
        self.users: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, CodeGrant] = {}
        self.access_tokens: dict[str, AccessGrant] = {}
        self.key = new_key("idp-key-1")
        # Same kid, not published: a token signed with it must fail signature verification.
        self.rogue_key = new_key("idp-key-1")
        self.tampering = Tampering()
        self.register_client(client_id, client_secret, [redirect_uri])

    def now(self) -> float:
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds

    def register_client(self, client_id: str, secret: str, redirect_uris: list[str]) -> None:
        self.clients[client_id] = IdpClient(client_id, secret, frozenset(redirect_uris))

    def register_user(self, subject: str, claims: dict[str, Any]) -> None:
        self.users[subject] = dict(claims)

    def issue_code(self, grant: CodeGrant) -> str:
        code = secrets.token_urlsafe(24)
        self.codes[code] = grant
        return code

    def issue_access_token(self, subject: str, client_id: str) -> str:
        token = secrets.token_urlsafe(32)
        self.access_tokens[token] = AccessGrant(subject, client_id, self.now() + ACCESS_TOKEN_TTL)
        return token

    def expire_codes(self) -> None:
        for grant in self.codes.values():
            grant.issued_at = min(grant.issued_at, self.now() - CODE_TTL - 1)
