"""The periodic jobs. Each is a plain `async def job(resources)`, testable without the loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from core.settings import Settings
from worker import exchange_jobs, file_jobs
from worker.resources import Job, WorkerResources
from workflows import clock
from workflows.booking.no_show import mark_no_shows
from workflows.cases.expiry import expire_unanswered_corrections
from workflows.idempotency import purge_expired
from workflows.protection import chain
from workflows.protection.retention import run_retention
from workflows.reports.weekly_job import produce_weekly_report
from workflows.reviews.invitations import send_reminders
from workflows.session_record import DatabaseSessionRecord
from workflows.supervision.accountability import open_records as open_accountability
from workflows.supervision.cards import issue_cards
from workflows.tickets.jobs import run_ticket_jobs

log = logging.getLogger(__name__)


async def supervision_cards(resources: WorkerResources) -> None:
    calendar = await resources.calendar.current()
    cards = await issue_cards(clock.utc_now(), calendar, resources.settings.supervision)
    if cards:
        log.info("issued %d supervision card(s)", len(cards))
        resources.wake.set()
    # Repeated red cards of one department open an accountability record (问责).
    if await open_accountability(clock.utc_now(), resources.settings.supervision):
        resources.wake.set()


async def ticket_jobs(resources: WorkerResources) -> None:
    # Deemed acceptance (seed 002 art. 33) and unreached callbacks (art. 34).
    await run_ticket_jobs(clock.utc_now())


async def booking_no_shows(resources: WorkerResources) -> None:
    calendar = await resources.calendar.current()
    marked = await mark_no_shows(calendar, resources.settings.booking, clock.utc_now())
    if marked:
        log.info("marked %d booking(s) as no-show", marked)


async def weekly_report(resources: WorkerResources) -> None:
    settings = resources.settings
    tz = ZoneInfo(settings.calendar.timezone)
    report = await produce_weekly_report(clock.utc_now(), tz, settings.reports.weekly_run_time)
    if report is not None:
        log.info("produced the weekly report of the week from %s", report.period_start)
        resources.wake.set()


async def review_reminders(resources: WorkerResources) -> None:
    # One reminder to rate, N days after the invitation, nothing more.
    if await send_reminders(resources.settings.reviews, clock.utc_now()):
        resources.wake.set()


async def idempotency_purge(resources: WorkerResources) -> None:
    # Stored answers past [idempotency] retention_hours (lookups already ignore them).
    purged = await purge_expired(clock.utc_now())
    if purged:
        log.info("purged %d expired idempotency key(s)", purged)


async def expired_sessions(resources: WorkerResources) -> None:
    # Rows of sessions that ended a day ago or more; a day's grace keeps recent logouts visible.
    purged = await DatabaseSessionRecord().purge(clock.utc_now().timestamp() - 86_400)
    if purged:
        log.info("deleted %d ended session(s)", purged)


async def correction_expiry(resources: WorkerResources) -> None:
    # A correction never answered ends the case (seed 002 art. 16); a second run changes nothing.
    calendar = await resources.calendar.current()
    days = resources.settings.cases.correction_expiry_days
    ended = await expire_unanswered_corrections(clock.utc_now(), calendar, days)
    if ended:
        log.info("ended %d case(s) whose correction was never answered", ended)
        resources.wake.set()


async def audit_seal(resources: WorkerResources) -> None:
    # Chain the audit entries written since the last run (workflows/protection/chain.py).
    await chain.seal()


async def retention(resources: WorkerResources) -> None:
    # Personal fields past [protection] retention, and audit entries past audit_retention_days.
    await run_retention(resources.settings.protection, clock.utc_now())


# (name, job, interval in seconds from the settings)
JOBS: list[tuple[str, Job, Callable[[Settings], float]]] = [
    ("supervision_cards", supervision_cards, lambda s: s.supervision.scan_seconds),
    ("tickets", ticket_jobs, lambda s: 60.0),
    ("booking_no_shows", booking_no_shows, lambda s: 60.0),
    ("weekly_report", weekly_report, lambda s: s.reports.scan_seconds),
    ("review_reminders", review_reminders, lambda s: 300.0),
    ("idempotency_purge", idempotency_purge, lambda s: 600.0),
    ("expired_sessions", expired_sessions, lambda s: 3600.0),
    ("exchange_pull", exchange_jobs.pull_catalog, lambda s: s.exchange.catalog_pull_seconds),
    ("exchange_reconcile", exchange_jobs.reconcile, lambda s: s.exchange.reconcile_seconds),
    ("correction_expiry", correction_expiry, lambda s: 600.0),
    ("audit_seal", audit_seal, lambda s: 5.0),
    ("retention", retention, lambda s: 3600.0),
    ("unattached_uploads", file_jobs.unattached_uploads, lambda s: 3600.0),
]
