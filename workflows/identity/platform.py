"""L2: the province's unified identity platform, OIDC authorization code flow with PKCE.

start() keeps state, nonce and the PKCE verifier server-side for this citizen and returns the
authorize URL; finish() takes them back (once), exchanges the code, verifies the id_token and
binds the identity. Any failure is audited and stores nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.errors import UpstreamRejected
from core.kv import KeyValueStore
from core.oidc import OidcClient, new_pkce
from core.settings import IdentitySettings
from models.people import AssuranceLevel, Citizen
from workflows.audit import Actor
from workflows.identity import flows
from workflows.identity.binding import VerifiedIdentity, bind_identity
from workflows.identity.idnumber import id_hash, require_valid
from workflows.identity.refusals import audited_refusal

FLOW = "oidc"


@dataclass(frozen=True)
class StartedFlow:
    authorize_url: str
    state: str
    expires_in: int


async def start(
    oidc: OidcClient, kv: KeyValueStore, settings: IdentitySettings, actor: Actor, rebind: bool
) -> StartedFlow:
    state, nonce, pkce = secrets.token_urlsafe(24), secrets.token_urlsafe(24), new_pkce()
    url = await oidc.authorization_url(state, nonce, pkce.challenge)
    data = {"citizen": actor.id, "nonce": nonce, "verifier": pkce.verifier, "rebind": rebind}
    await flows.keep(kv, FLOW, state, data, settings.flow_ttl_seconds)
    return StartedFlow(url, state, settings.flow_ttl_seconds)


async def finish(
    oidc: OidcClient,
    kv: KeyValueStore,
    settings: IdentitySettings,
    actor: Actor,
    code: str,
    state: str,
    now: datetime,
) -> Citizen:
    async with audited_refusal(actor, "L2"):
        # Only its own citizen may use up a flow: another's attempt leaves it in place.
        flow = await flows.peek(kv, FLOW, state)
        if flow is not None and flow["citizen"] == actor.id:
            flow = await flows.take(kv, FLOW, state)
        if flow is None or flow["citizen"] != actor.id:
            raise UpstreamRejected(
                "this sign-in was not started here, has expired or was already used; start again",
                code="idp_state_invalid",
            )
        tokens = await oidc.exchange_code(code, flow["verifier"])
        claims = await oidc.verify_id_token(tokens["id_token"], flow["nonce"], now.timestamp())
        if not _has_identity(claims, settings) and isinstance(tokens.get("access_token"), str):
            extra = await oidc.userinfo(tokens["access_token"], str(claims["sub"]))
            # The signed id_token's claims win; userinfo only fills in what it left out.
            claims = {**extra, **{k: v for k, v in claims.items() if v is not None}}
        identity = _identity_of(claims, settings)
        return await bind_identity(actor, identity, rebind=bool(flow["rebind"]), now=now)


def _has_identity(claims: dict[str, Any], settings: IdentitySettings) -> bool:
    return all(
        isinstance(claims.get(name), str) and claims[name]
        for name in (settings.claim_name, settings.claim_id_number)
    )


def _identity_of(claims: dict[str, Any], settings: IdentitySettings) -> VerifiedIdentity:
    name, number = claims.get(settings.claim_name), claims.get(settings.claim_id_number)
    if not isinstance(name, str) or not name.strip() or not isinstance(number, str):
        raise UpstreamRejected(
            "the identity platform did not send a name and ID number", code="idp_claims_missing"
        )
    level = settings.level_for(str(claims.get(settings.claim_level, "")))
    if level is None:
        raise UpstreamRejected(
            "the identity platform sent a level this server does not know",
            code="idp_unknown_level",
        )
    number = require_valid(number)
    phone = claims.get(settings.claim_phone)
    return VerifiedIdentity(
        subject=str(claims["sub"]),
        name=name.strip(),
        id_number=number,
        id_hash=id_hash(number),
        phone=phone if isinstance(phone, str) and phone else None,
        level=AssuranceLevel[level],
    )
