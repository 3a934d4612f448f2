"""Wake the notifier after a request that wrote outbox rows (its transaction has committed)."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from core.appkeys import KV, SETTINGS
from core.wakeup import publish_wakeup
from workflows.outbox import OUTBOX_WRITTEN

READS = frozenset({"GET", "HEAD", "OPTIONS"})


@web.middleware
async def outbox_wakeup_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in READS:
        return await handler(request)  # reads write no outbox rows
    token = OUTBOX_WRITTEN.set(False)
    try:
        response = await handler(request)
        written = OUTBOX_WRITTEN.get()
    finally:
        OUTBOX_WRITTEN.reset(token)
    if written:
        await publish_wakeup(request.app[KV], request.app[SETTINGS].redis.prefix)
    return response
