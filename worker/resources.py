"""What every worker job is handed: settings, the key-value store, the calendar, a wake-up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from core.db import open_database
from core.kv import KeyValueStore, open_store
from core.settings import Settings
from workflows.calendar_service import CalendarService
from workflows.exchange import switch as exchange_switch
from workflows.protection.keys import check_canaries, install_keys


@dataclass(frozen=True)
class WorkerResources:
    settings: Settings
    kv: KeyValueStore
    calendar: CalendarService
    # Set by a job that wrote outbox rows, so they go out without waiting for the poll.
    wake: asyncio.Event


Job = Callable[[WorkerResources], Awaitable[None]]


@asynccontextmanager
async def open_resources(
    settings: Settings, *, open_own_database: bool = True
) -> AsyncIterator[WorkerResources]:
    """Open the worker's resources; closed again on leaving.

    `open_own_database=False` when the server already opened the database in this process
    (the demo runs both in one process; there can be only one global ORM context).
    """
    ring = install_keys(settings.protection)
    context = await open_database(settings.database) if open_own_database else None
    await check_canaries(ring)
    kv = open_store(settings.redis.url, settings.redis.prefix)
    exchange_switch.configure(settings.exchange.enabled)
    try:
        yield WorkerResources(settings, kv, CalendarService(settings.calendar), asyncio.Event())
    finally:
        await kv.close()
        if context is not None:
            await context.close_connections()
