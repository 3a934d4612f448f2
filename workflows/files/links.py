"""Short-lived signed download links.

A link names one readable object (an upload, a case's material, a library entry), who it was
made for (the audience: the caller who asked) and when it expires, signed with HMAC-SHA256
under `[files] link_key`. The download checks the signature first (a changed link: 403
link_invalid), then the expiry (410 link_expired), then asks again whether the audience may
still read the object: a link outlives no change of rights.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from core.errors import Forbidden, Gone
from models.people import Citizen, StaffAccount, StaffRole
from workflows.authz import Principal

KINDS = ("upload", "material", "library")
TAG_BYTES = 20


@dataclass(frozen=True)
class LinkClaims:
    kind: str
    object_id: int
    expires: int  # unix seconds
    audience: str  # "citizen:<id>" or "staff:<id>"


def audience_of(principal: Principal) -> str:
    return f"{principal.kind}:{principal.id}"


def sign(key: bytes, claims: LinkClaims) -> str:
    payload = f"{claims.kind}.{claims.object_id}.{claims.expires}.{claims.audience}"
    return f"{_b64(payload.encode())}.{_b64(_tag(key, payload))}"


def verify(key: bytes, token: str, now: datetime) -> LinkClaims:
    invalid = Forbidden("this download link is not valid", code="link_invalid")
    encoded, _, tag = token.partition(".")
    try:
        payload = _unb64(encoded).decode()
        given = _unb64(tag)
    except (ValueError, UnicodeDecodeError):
        raise invalid from None
    if not hmac.compare_digest(given, _tag(key, payload)):
        raise invalid
    kind, object_id, expires, audience = payload.split(".", 3)
    claims = LinkClaims(kind, int(object_id), int(expires), audience)
    if claims.expires < now.timestamp():
        raise Gone("this download link has expired; ask for a new one", code="link_expired")
    return claims


async def audience_principal(claims: LinkClaims) -> Principal | None:
    """The caller the link was made for, as they stand now (None: gone or disabled)."""
    kind, _, raw_id = claims.audience.partition(":")
    subject = int(raw_id)
    if kind == "citizen":
        return Principal(kind="citizen", id=subject) if await Citizen.exists(id=subject) else None
    staff = await StaffAccount.get_or_none(id=subject, active=True)
    if staff is None:
        return None
    known = {role.value for role in StaffRole}
    return Principal(
        kind="staff",
        id=staff.id,
        department_id=staff.department_id,  # type: ignore[attr-defined]
        roles=frozenset(StaffRole(role) for role in staff.roles if role in known),
    )


def _tag(key: bytes, payload: str) -> bytes:
    return hmac.new(key, payload.encode(), hashlib.sha256).digest()[:TAG_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text or len(text) > 400:
        raise ValueError("bad length")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
