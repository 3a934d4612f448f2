"""The worker process: the outbox dispatcher, and periodic jobs (supervision cards), until stopped.

Jobs are plain `async def job(resources) -> None`; the loop only schedules them, so each job can
be tested without it. The dispatcher runs as its own long-lived task, woken by Redis or polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aiohttp

from core.db import open_database
from core.kv import KeyValueStore, open_store
from core.settings import Settings
from notify import booking_jobs
from notify.service import build_dispatcher, run_dispatcher
from workflows.calendar_service import CalendarService
from workflows.reports.weekly_job import produce_weekly_report
from workflows.reviews.invitations import send_reminders
from workflows.session_record import DatabaseSessionRecord
from workflows.supervision.cards import issue_cards
from workflows.tickets.jobs import run_ticket_jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerResources:
    settings: Settings
    kv: KeyValueStore
    calendar: CalendarService
    # Set by a job that wrote outbox rows, so they go out without waiting for the poll.
    wake: asyncio.Event


Job = Callable[[WorkerResources], Awaitable[None]]


async def supervision_cards(resources: WorkerResources) -> None:
    calendar = await resources.calendar.current()
    cards = await issue_cards(datetime.now(UTC), calendar, resources.settings.supervision)
    if cards:
        log.info("issued %d supervision card(s)", len(cards))
        resources.wake.set()


async def ticket_jobs(resources: WorkerResources) -> None:
    # Deemed acceptance (seed 002 art. 33) and unreached callbacks (art. 34).
    await run_ticket_jobs(datetime.now(UTC))


async def weekly_report(resources: WorkerResources) -> None:
    settings = resources.settings
    tz = ZoneInfo(settings.calendar.timezone)
    report = await produce_weekly_report(datetime.now(UTC), tz, settings.reports.weekly_run_time)
    if report is not None:
        log.info("produced the weekly report of the week from %s", report.period_start)
        resources.wake.set()


async def review_reminders(resources: WorkerResources) -> None:
    # One reminder to rate, N days after the invitation, nothing more.
    if await send_reminders(resources.settings.reviews, datetime.now(UTC)):
        resources.wake.set()


async def expired_sessions(resources: WorkerResources) -> None:
    # Rows of sessions that ended a day ago or more; a day's grace keeps recent logouts visible.
    purged = await DatabaseSessionRecord().purge(datetime.now(UTC).timestamp() - 86_400)
    if purged:
        log.info("deleted %d ended session(s)", purged)


# (name, job, interval in seconds from the settings)
JOBS: list[tuple[str, Job, Callable[[Settings], float]]] = [
    ("supervision_cards", supervision_cards, lambda s: s.supervision.scan_seconds),
    ("tickets", ticket_jobs, lambda s: 60.0),
    ("booking_no_shows", booking_jobs.booking_no_shows, lambda s: 60.0),
    ("weekly_report", weekly_report, lambda s: s.reports.scan_seconds),
    ("review_reminders", review_reminders, lambda s: 300.0),
    ("expired_sessions", expired_sessions, lambda s: 3600.0),
]


async def run_worker(
    settings: Settings,
    stop: asyncio.Event,
    tick_seconds: float = 1.0,
    *,
    open_own_database: bool = True,
) -> None:
    """Run the dispatcher and the periodic jobs until `stop` is set.

    `open_own_database=False` when the server already opened the database in this process
    (the demo runs both in one process; there can be only one global ORM context).
    """
    context = await open_database(settings.database) if open_own_database else None
    kv = open_store(settings.redis.url, settings.redis.prefix)
    resources = WorkerResources(settings, kv, CalendarService(settings.calendar), asyncio.Event())
    log.info("worker started with the dispatcher and %d job(s)", len(JOBS))
    try:
        async with aiohttp.ClientSession() as http:
            dispatcher = build_dispatcher(settings, kv, http)
            await asyncio.gather(
                run_dispatcher(dispatcher, settings, resources.wake, stop),
                _run_jobs(resources, stop, tick_seconds),
            )
    finally:
        await kv.close()
        if context is not None:
            await context.close_connections()
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
