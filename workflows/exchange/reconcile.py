"""The daily reconciliation of case steps with the province (seed 000 §二(三)).

Per local day: our count of steps and a checksum (SHA-256 of the sorted event ids, one per
line) against the province's. When they differ, the province's list of ids shows what it lacks;
those are re-sent through the outbox (the same row, due again, or a new one for a step that
never had one). The event id makes a re-send of something the province has harmless.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.cases import Case, CaseTimelineEntry
from models.exchange import Reconciliation
from models.outbox import OutboxMessage, OutboxStatus
from workflows.exchange.events import case_event_id, case_step_notice
from workflows.outbox import enqueue


@dataclass(frozen=True)
class RemoteDay:
    count: int
    checksum: str
    event_ids: frozenset[str] | None = None  # only when asked for


# (day, with the ids?) -> what the province holds for that day.
Remote = Callable[[str, bool], Awaitable[RemoteDay]]


def checksum(event_ids: set[str] | frozenset[str] | list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(event_ids)).encode()).hexdigest()


def bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tz)
    return start, start + timedelta(days=1)


async def local_steps(day: date, tz: ZoneInfo) -> dict[str, tuple[int, int]]:
    """event id -> (case id, step seq) of every case step of that local day."""
    start, end = bounds(day, tz)
    rows = await CaseTimelineEntry.filter(at__gte=start, at__lt=end).values_list(
        "case_id", "case__case_no", "seq"
    )
    return {case_event_id(no, seq): (case_id, seq) for case_id, no, seq in rows}


async def reconcile_day(day: date, tz: ZoneInfo, remote: Remote, now: datetime) -> Reconciliation:
    ours = await local_steps(day, tz)
    local_sum = checksum(set(ours))
    theirs = await remote(day.isoformat(), False)
    missing: set[str] = set()
    unknown: set[str] = set()
    if theirs.count != len(ours) or theirs.checksum != local_sum:
        listed = await remote(day.isoformat(), True)
        held = listed.event_ids or frozenset()
        missing, unknown = set(ours) - held, held - set(ours)
        await resend(sorted(missing, key=lambda event: ours[event]), ours, tz, now)
    return await Reconciliation.create(
        day=day.isoformat(), ran_at=now, local_count=len(ours), remote_count=theirs.count,
        local_checksum=local_sum, remote_checksum=theirs.checksum, missing=len(missing),
        unknown=len(unknown),
    )  # fmt: skip


async def resend(
    event_ids: list[str], ours: dict[str, tuple[int, int]], tz: ZoneInfo, now: datetime
) -> None:
    for event_id in event_ids:
        updated = await (
            OutboxMessage.filter(dedupe_key=event_id)
            .exclude(status__in=(OutboxStatus.PENDING, OutboxStatus.SENDING))
            .update(status=OutboxStatus.PENDING, next_attempt_at=now, attempts=0,
                    last_error_code="resend", last_error_message="re-sent by the reconciliation")
        )  # fmt: skip
        if updated or await OutboxMessage.exists(dedupe_key=event_id):
            continue
        case_id, seq = ours[event_id]
        case = await Case.get(id=case_id)
        entry = await CaseTimelineEntry.get(case_id=case_id, seq=seq)
        await enqueue([await case_step_notice(case, entry, tz)])


async def days_due(tz: ZoneInfo, now: datetime, days_back: int) -> list[date]:
    """Past local days not yet reconciled without differences after they ended."""
    today = now.astimezone(tz).date()
    due = []
    for back in range(days_back, 0, -1):
        day = today - timedelta(days=back)
        _, end = bounds(day, tz)
        clean = await Reconciliation.filter(
            day=day.isoformat(), missing=0, unknown=0, ran_at__gte=end
        ).exists()
        if not clean:
            due.append(day)
    return due
