"""Who is calling: the bearer session token, resolved to a principal on every request."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import SESSIONS
from core.errors import Forbidden, Unauthenticated
from workflows.accounts import principal_for
from workflows.authz import Principal

REQUEST_ID = web.RequestKey("request_id", str)
TOKEN = web.RequestKey("session_token", str)


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    if not token.isascii():  # bytes that are no text (a fuzzer's): no token of ours
        return None
    return token.strip()


async def authenticate_counting(
    request: web.Request,
    audience: str,
    *,
    check_citizen: bool = True,
    counter: tuple[str, int] | None = None,
) -> tuple[Principal, tuple[int, int] | None]:
    """The caller, and with `counter` the count of this request on it made while its session
    was read (None if it could not be counted then: write_limits.count_write counts it).

    `check_citizen=False` only where the handler refuses a gone citizen itself: a citizen's
    session then costs no statement of its own (a staff account is always read, for its roles).
    """
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("log in first: send Authorization: Bearer <token>")
    session, counted = await request.app[SESSIONS].resolve_counting(token, counter)
    if session is None:
        raise Unauthenticated(
            "the session has expired or was revoked; log in again", code="session_expired"
        )
    principal = await principal_for(session, request.get(REQUEST_ID, ""), check_citizen)
    if principal is None:
        raise Unauthenticated("this account is no longer active", code="account_inactive")
    if audience == "citizen" and not principal.is_citizen:
        raise Forbidden("only citizens can do this", code="citizens_only")
    if audience == "staff" and not principal.is_staff:
        raise Forbidden("only staff can do this", code="staff_only")
    request[TOKEN] = token
    return principal, counted
