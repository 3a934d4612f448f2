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


async def authenticate(request: web.Request, audience: str) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("log in first: send Authorization: Bearer <token>")
    session = await request.app[SESSIONS].resolve(token)
    if session is None:
        raise Unauthenticated(
            "the session has expired or was revoked; log in again", code="session_expired"
        )
    principal = await principal_for(session, request.get(REQUEST_ID, ""))
    if principal is None:
        raise Unauthenticated("this account is no longer active", code="account_inactive")
    if audience == "citizen" and not principal.is_citizen:
        raise Forbidden("only citizens can do this", code="citizens_only")
    if audience == "staff" and not principal.is_staff:
        raise Forbidden("only staff can do this", code="staff_only")
    request[TOKEN] = token
    return principal
