"""Wake the notifier after a request that wrote outbox rows (its transaction has committed).

The nudge is published beside the request, not in it: a burst of bookings would otherwise
spend a Redis round trip each on telling the workers the same thing. Requests that commit
while a nudge is on its way are covered by one more nudge after it, so none is left unannounced
(and workers poll anyway: a lost nudge delays a message by at most the poll interval).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web
from aiohttp.typedefs import Handler

from core.appkeys import KV, SETTINGS
from core.kv import KeyValueStore
from core.wakeup import publish_wakeup
from workflows.outbox import OUTBOX_WRITTEN

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class Nudger:
    """At most one nudge on its way per process, and one more for whatever committed meanwhile."""

    def __init__(self, kv: KeyValueStore, prefix: str) -> None:
        self._kv, self._prefix = kv, prefix
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def nudge(self) -> None:
        if self._task is not None:
            self._again = True  # committed after the nudge on its way was sent, maybe
            return
        self._task = asyncio.get_running_loop().create_task(self._publish())

    async def _publish(self) -> None:
        try:
            while True:
                self._again = False
                await publish_wakeup(self._kv, self._prefix)  # logs and swallows Redis errors
                if not self._again:
                    return
        finally:
            self._task = None

    async def settle(self) -> None:
        """Wait for the nudge on its way (at shutdown, and for tests)."""
        while self._task is not None:
            await asyncio.shield(self._task)


NUDGER = web.AppKey("outbox_nudger", Nudger)


async def nudger_ctx(app: web.Application) -> AsyncIterator[None]:
    """After the kv store's context: the last nudge goes out before the store closes."""
    app[NUDGER] = Nudger(app[KV], app[SETTINGS].redis.prefix)
    yield
    await app[NUDGER].settle()


async def nudging_after(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run a write's handler; nudge the workers if it wrote outbox rows (miniapp_api.edge calls
    this only for methods not in READS: reads write none)."""
    token = OUTBOX_WRITTEN.set(False)
    try:
        response = await handler(request)
        written = OUTBOX_WRITTEN.get()
    finally:
        OUTBOX_WRITTEN.reset(token)
    if written:
        request.app[NUDGER].nudge()
    return response
