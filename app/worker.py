"""The worker process, composed: the periodic jobs and, handed to their loop, the outbox dispatcher.

Built here so that `worker` and `notify` need not import each other.
"""

from __future__ import annotations

import asyncio

import aiohttp

from core.settings import Settings
from notify.service import build_dispatcher, run_dispatcher
from worker.loop import run_loop
from worker.resources import open_resources


async def run_worker(
    settings: Settings,
    stop: asyncio.Event,
    tick_seconds: float = 1.0,
    *,
    open_own_database: bool = True,
) -> None:
    """Deliver the outbox and run the periodic jobs until `stop` is set.

    `open_own_database=False` when the server already opened the database in this process.
    """
    async with (
        open_resources(settings, open_own_database=open_own_database) as resources,
        aiohttp.ClientSession() as http,
    ):
        dispatcher = build_dispatcher(settings, resources.kv, http)
        delivery = run_dispatcher(dispatcher, settings, resources.wake, stop)
        await run_loop(resources, stop, [delivery], tick_seconds)
