"""The worker process: runs periodic jobs until asked to stop.

Jobs are plain `async def job(resources) -> None`; the loop only schedules them, so each job can
be tested without it. The notifier and supervision issues add their jobs to `JOBS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.db import open_database
from core.kv import KeyValueStore, open_store
from core.settings import Settings
from notify import booking_jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerResources:
    settings: Settings
    kv: KeyValueStore


Job = Callable[[WorkerResources], Awaitable[None]]
# (name, job, interval in seconds)
JOBS: list[tuple[str, Job, float]] = [
    ("booking_no_shows", booking_jobs.booking_no_shows, 60.0),
]


async def run_worker(settings: Settings, stop: asyncio.Event, tick_seconds: float = 1.0) -> None:
    context = await open_database(settings.database)
    kv = open_store(settings.redis.url, settings.redis.prefix)
    resources = WorkerResources(settings=settings, kv=kv)
    next_run = {name: 0.0 for name, _, _ in JOBS}
    loop = asyncio.get_running_loop()
    log.info("worker started with %d job(s)", len(JOBS))
    try:
        while not stop.is_set():
            for name, job, interval in JOBS:
                if loop.time() >= next_run[name]:
                    await _run_one(name, job, resources)
                    next_run[name] = loop.time() + interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=tick_seconds)
    finally:
        await kv.close()
        await context.close_connections()
        log.info("worker stopped")


async def _run_one(name: str, job: Job, resources: WorkerResources) -> None:
    try:
        await job(resources)
    except Exception:
        # One failing job must not stop the others; it runs again at its next interval.
        log.exception("job %s failed", name)
