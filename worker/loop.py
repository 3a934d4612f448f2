"""The worker loop: run each periodic job at its interval, beside long-running tasks, until stopped.

The loop only schedules; the work is in the jobs. Long-running tasks (the outbox dispatcher) are
handed in by the composition root, so the worker does not import the notifier.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from worker.jobs import JOBS
from worker.resources import Job, WorkerResources

log = logging.getLogger(__name__)


async def run_loop(
    resources: WorkerResources,
    stop: asyncio.Event,
    tasks: Sequence[Coroutine[Any, Any, None]] = (),
    tick_seconds: float = 1.0,
) -> None:
    """Run the periodic jobs and the long-running `tasks` (each must end once `stop` is set)."""
    log.info("worker started with %d task(s) and %d job(s)", len(tasks), len(JOBS))
    try:
        await asyncio.gather(*tasks, _run_jobs(resources, stop, tick_seconds))
    finally:
        log.info("worker stopped")


async def _run_jobs(resources: WorkerResources, stop: asyncio.Event, tick_seconds: float) -> None:
    next_run = {name: 0.0 for name, _, _ in JOBS}
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        for name, job, interval in JOBS:
            if loop.time() >= next_run[name]:
                await _run_one(name, job, resources)
                next_run[name] = loop.time() + interval(resources.settings)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=tick_seconds)


async def _run_one(name: str, job: Job, resources: WorkerResources) -> None:
    try:
        await job(resources)
    except Exception:
        # One failing job must not stop the others; it runs again at its next interval.
        log.exception("job %s failed", name)
