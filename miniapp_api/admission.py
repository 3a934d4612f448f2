"""Admission: at most a few requests per process do their work at once; the rest wait in line.

When thousands of citizens press "book" together, letting every request start at once makes all
of them slow: each holds a coroutine, a Redis socket and a place in the database pool's queue,
and the event loop spends its time switching between them until socket reads time out (the
503s bench/booking_burst.py used to show). A request waiting here costs nothing; one that
waited ADMISSION_WAIT_SECONDS is answered 429 with Retry-After, so the client comes back later.
Liveness, readiness and metrics are never queued behind the load they should report.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from core.appkeys import SETTINGS
from core.errors import RateLimited

# Requests at work per database connection: one waits for its query while another is parsed.
PER_CONNECTION = 2
# Under a mini-program's own request timeout (wx.request: 60 s) with room for the work itself.
ADMISSION_WAIT_SECONDS = 20.0
RETRY_AFTER_SECONDS = 2
UNGATED_PATHS = frozenset({"/healthz", "/metrics"})
GATE = web.AppKey("admission_gate", asyncio.Semaphore)


def setup(app: web.Application) -> None:
    app[GATE] = asyncio.Semaphore(app[SETTINGS].database.pool_max_size * PER_CONNECTION)


async def wait_for_place(gate: asyncio.Semaphore) -> None:
    """Every place is taken: wait in line, or be told to come back (miniapp_api.edge takes a free
    place itself, without a timer, and releases it after the handler)."""
    try:
        await asyncio.wait_for(gate.acquire(), ADMISSION_WAIT_SECONDS)
    except TimeoutError:
        raise RateLimited(
            "the service is busy, try again shortly", code="busy", retry_after=RETRY_AFTER_SECONDS
        ) from None
