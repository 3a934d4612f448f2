"""Signing id_tokens, honouring the tampering a test asked for."""

from __future__ import annotations

from typing import Any

from joserfc import jwt

from devtools.idp_sim.state import ID_TOKEN_TTL, CodeGrant, IdpState


def id_token(state: IdpState, issuer: str, grant: CodeGrant) -> str:
    now = int(state.now())
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": grant.subject,
        "aud": grant.client_id,
        "iat": now,
        "auth_time": now,
        "exp": now + ID_TOKEN_TTL,
        **state.users.get(grant.subject, {}),
    }
    if grant.nonce is not None:
        claims["nonce"] = grant.nonce
    claims.update(state.tampering.claims)
    key = state.rogue_key if state.tampering.wrong_key else state.key
    header = {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
    return jwt.encode(header, claims, key)
