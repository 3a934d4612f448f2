"""Every request under /api/exchange/ is the province's: its signature is checked before
anything else is read (core.exchange_signing), and every refusal there is audited."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from core.appkeys import KV, SETTINGS
from core.errors import DomainError, Unauthenticated
from core.exchange_signing import SignatureRefused, Verifier
from miniapp_api.authentication import REQUEST_ID
from workflows.exchange.refusals import record_refusal

PREFIX = "/api/exchange/"
VERIFIED = web.RequestKey("province_verified", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_provinces(request: web.Request) -> bool:
    """Whether the signature stands before this request: a route of ours under the prefix (no
    such route or method is a plain 404 / 405)."""
    return request.path.startswith(PREFIX) and request.match_info.http_exception is None


async def province_signed(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run the handler once the province's signature holds (miniapp_api.edge asks is_provinces)."""
    request_id = request.get(REQUEST_ID, "")
    settings = request.app[SETTINGS].exchange
    try:
        if not settings.enabled:
            raise SignatureRefused("exchange_disabled", "this platform does not exchange")
        verifier = Verifier(
            settings.algorithm, settings.province_key_id, settings.inbound_secret,
            settings.window_seconds, request.app[KV],
        )  # fmt: skip
        body = await request.read()
        request[VERIFIED] = await verifier.verify(
            request.headers, request.method, request.path_qs, body, time.time()
        )
    except SignatureRefused as refused:
        await record_refusal(request.path, refused.code, refused.message, request_id=request_id)
        raise Unauthenticated(refused.message, code=refused.code) from None
    try:
        return await handler(request)
    except DomainError as error:
        await record_refusal(request.path, error.code, str(error), request_id=request_id)
        raise


def require_verified(request: web.Request) -> None:
    if not request.get(VERIFIED):
        raise Unauthenticated("unsigned request", code="signature_missing")
