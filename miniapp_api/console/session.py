"""Console sign-in: the API's server-side staff session, carried in an HttpOnly cookie.

SameSite=Strict keeps other sites' pages from sending it; every form also carries a CSRF token
derived from the session token (an HMAC), so a form is only valid for the session that got it.
Before sign-in, the login form uses a double-submit token (cookie and field must match).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from aiohttp import web

from core.appkeys import SESSIONS
from core.errors import Forbidden
from miniapp_api.authentication import REQUEST_ID
from miniapp_api.client_ip import is_https
from workflows.accounts import principal_for
from workflows.authz import Principal

COOKIE = "console_session"
LOGIN_COOKIE = "console_login"
PATH = "/console/"
PRINCIPAL = web.RequestKey("console_principal", Principal)
TOKEN = web.RequestKey("console_token", str)


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    response.set_cookie(
        name, value, path=PATH, httponly=True, samesite="Strict", secure=is_https(request)
    )


def csrf_for(token: str) -> str:
    return hmac.new(token.encode(), b"console-csrf", hashlib.sha256).hexdigest()


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def check_csrf(expected: str | None, given: object) -> None:
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected, given):
        raise Forbidden("the form has expired; open the page again", code="csrf_failed")


async def signed_in(request: web.Request) -> Principal | None:
    """The staff member behind the cookie, or None (no cookie, expired, or not staff)."""
    token = request.cookies.get(COOKIE, "")
    if not token or len(token) > 200:
        return None
    session = await request.config_dict[SESSIONS].resolve(token)
    if session is None or session.kind != "staff":
        return None
    principal = await principal_for(session, request.get(REQUEST_ID, ""))
    if principal is None:
        return None
    request[PRINCIPAL] = principal
    request[TOKEN] = token
    return principal


async def check_form(request: web.Request) -> dict[str, str]:
    """The posted form of a signed-in page, after its CSRF token was checked."""
    form = await request.post()
    check_csrf(csrf_for(request[TOKEN]), form.get("csrf"))
    return {key: value for key, value in form.items() if isinstance(value, str)}
