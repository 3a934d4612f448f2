"""The one place where errors become HTTP: a JSON problem body with a stable code.

Body: {"code": "...", "message": "...", "fields": {...}}. Domain errors map by kind; aiohttp's
own HTTP errors (unknown route, wrong method, oversize body) get the same shape; a database or
cache that cannot answer is a 503 with Retry-After; anything else is a logged 500.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Awaitable, Callable

import asyncpg
from aiohttp import web
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from core.errors import DomainError
from miniapp_api.authentication import REQUEST_ID

log = logging.getLogger(__name__)

STATUS_BY_KIND = {
    "invalid": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "unprocessable": 422,
    "too_large": 413,
    "gone": 410,
    "rate_limited": 429,
    "unavailable": 503,
}
CODE_BY_HTTP_STATUS = {
    400: ("bad_request", "the request is malformed"),
    404: ("route_not_found", "no such endpoint"),
    405: ("method_not_allowed", "this endpoint does not take that method"),
    413: ("body_too_large", "the request body is too large"),
    415: ("unsupported_media_type", "send application/json"),
}
DB_RETRY_AFTER_SECONDS = 5
# SQLSTATE classes meaning "the server cannot serve now": connection exception, operator
# intervention (shutdown, starting up), insufficient resources (too many connections).
OUTAGE_SQLSTATE_CLASSES = ("08", "57", "53")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A pooled connection broken mid-call, a socket refused or reset: the database cannot answer.
CONNECTION_ERRORS = (
    DBConnectionError,
    ConnectionError,
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions._base.InternalClientError,
)


def problem(
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    body = {"code": code, "message": message, "fields": fields or {}}
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=headers,
    )


# Our own ids: 128 bits from a generator seeded from the system's randomness, without a system
# call each (os.urandom is one). Unique for what they are used for (finding one request's log
# lines and audit entries), and not a count a client could read the server's traffic from.
_IDS = random.Random(os.urandom(32))


def request_id_of(incoming: str | None) -> str:
    """The caller's id when it is short and plain, so it is safe to log; else a new one."""
    if incoming and len(incoming) <= 64 and incoming.isascii():
        return incoming
    return f"{_IDS.getrandbits(128):032x}"


def problem_for(request: web.Request, error: Exception) -> web.Response:
    """The answer to what a handler raised. A redirect (an HTTPException under 400) is not an
    error: it is raised again, for aiohttp to send."""
    if isinstance(error, DomainError):
        return _domain_problem(error)
    if isinstance(error, web.HTTPException):
        if error.status < 400:
            raise error
        code, message = CODE_BY_HTTP_STATUS.get(error.status, ("http_error", error.reason))
        headers = (
            {"Allow": _allow(request, error.headers["Allow"])} if "Allow" in error.headers else None
        )
        return problem(error.status, code, message, headers=headers)
    if isinstance(error, OverflowError):
        # SQLite refuses an integer beyond 64 bits; request models bound ids, this is the backstop.
        return problem(422, "value_out_of_range", "a number in the request is out of range")
    if isinstance(error, OperationalError):
        if _is_data_error(error):
            return problem(422, "value_out_of_range", "a value in the request is out of range")
        return _database_unavailable(request, error)
    if isinstance(error, IntegrityError):
        log.warning("integrity error on %s %s", request.method, request.path, exc_info=error)
        return problem(409, "conflict", "this conflicts with data that already exists")
    if isinstance(error, CONNECTION_ERRORS):
        if _client_went_away(request):
            return _client_gone(request)
        return _database_unavailable(request, error)
    # Found by bench/drill_pg_restart.py: while the server shuts down or starts up, new
    # connections get 57P03 and live ones 57P01, outside tortoise's own error wrapping.
    if isinstance(error, asyncpg.PostgresError) and str(getattr(error, "sqlstate", "")).startswith(
        OUTAGE_SQLSTATE_CLASSES
    ):
        return _database_unavailable(request, error)
    return _unhandled(request, error)


PLAIN_ROUTES = web.AppKey("plain_routes", dict[str, frozenset[str]])


def plain_routes(router: web.UrlDispatcher) -> dict[str, frozenset[str]]:
    """Each parameter-free path with its methods; built once, when the routes are complete."""
    found: dict[str, set[str]] = {}
    for resource in router.resources():
        if path := resource.get_info().get("path"):
            found.setdefault(path, set()).update(route.method for route in resource)
    return {path: frozenset(methods) for path, methods in found.items()}


def own_methods(request: web.Request) -> frozenset[str]:
    """The methods of the plain (parameter-free) route that is this very path, if there is one:
    aiohttp also lists those of a parameterised route the path happens to fit (POST
    /api/cases/lookup "allowing" GET because of GET /api/cases/{case_id})."""
    return request.config_dict.get(PLAIN_ROUTES, {}).get(request.path, frozenset())


def _allow(request: web.Request, routed: str) -> str:
    exact = own_methods(request)
    return ",".join(sorted(exact)) if exact else routed


def _unhandled(request: web.Request, error: Exception) -> web.Response:
    log.error(
        "unhandled error on %s %s [%s]",
        request.method,
        request.path,
        request.get(REQUEST_ID, ""),
        exc_info=error,
    )
    return problem(500, "internal_error", "something went wrong on our side; it is logged")


def _is_data_error(error: OperationalError) -> bool:
    cause = error.__cause__
    return isinstance(cause, asyncpg.DataError | OverflowError) or "too large" in str(error)


def _client_went_away(request: web.Request) -> bool:
    """A client that hangs up while its body is read raises ConnectionResetError from aiohttp's
    payload: that is the client's doing, not a database outage, and must not page anyone."""
    transport = request.transport
    return transport is None or transport.is_closing()


def _client_gone(request: web.Request) -> web.Response:
    log.info("client closed the connection during %s %s", request.method, request.path)
    # Nobody reads this answer; it only keeps the access log truthful (nginx's 499 convention).
    return problem(499, "client_closed_request", "the client closed the connection")


def _database_unavailable(request: web.Request, error: Exception) -> web.Response:
    log.error("database unavailable on %s %s", request.method, request.path, exc_info=error)
    return problem(
        503,
        "database_unavailable",
        "the database is unavailable, try again shortly",
        headers={"Retry-After": str(DB_RETRY_AFTER_SECONDS)},
    )


def _domain_problem(error: DomainError) -> web.Response:
    status = STATUS_BY_KIND.get(error.kind, 400)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    elif status == 503:
        headers["Retry-After"] = str(DB_RETRY_AFTER_SECONDS)
    return problem(status, error.code, error.message, error.fields, headers or None)
