"""The case's deadline in working days, kept in the one Deadline table supervision reads.

Before acceptance the acceptance period runs from submission; acceptance starts the promised
limit; a correction request pauses the clock and resubmission resumes it with the working days
that were left (the days spent waiting for the citizen do not count); a decision stops it.
"""

from __future__ import annotations

from datetime import datetime

from models.cases import Case
from workflows.calendar import WorkingCalendar
from workflows.supervision import deadlines

SUBJECT = "case"


async def start(
    case: Case, calendar: WorkingCalendar, now: datetime, days: int, *, accepted: bool
) -> None:
    await _run(case, calendar.due_at(now, days), now, days, accepted=accepted)


async def pause(case: Case, calendar: WorkingCalendar, now: datetime) -> None:
    remaining = 0
    if case.due_at is not None:
        left = calendar.working_days_between(
            calendar.local_date(now), calendar.local_date(case.due_at)
        )
        remaining = max(0, left)  # an overdue case resumes due on the day it comes back
    case.paused_remaining_days = remaining
    case.due_at = None
    await deadlines.pause(SUBJECT, case.id)


async def resume(case: Case, calendar: WorkingCalendar, now: datetime) -> None:
    remaining = case.paused_remaining_days or 0
    case.paused_remaining_days = None
    started = case.accepted_at or now
    await _run(
        case, calendar.due_at(now, remaining), started, case.promised_limit_days, accepted=True
    )


async def stop(case: Case, now: datetime) -> None:
    await deadlines.finish(SUBJECT, case.id, now)


async def _run(
    case: Case, due_at: datetime, started_at: datetime, days: int, *, accepted: bool
) -> None:
    case.due_at = due_at
    phase = "办理" if accepted else "受理"
    await deadlines.watch(
        SUBJECT,
        case.id,
        department_id=case.department_id,  # type: ignore[attr-defined]
        title=f"{case.case_no} {case.item_name}（{phase}）",
        started_at=started_at,
        due_at=due_at,
        limit_working_days=days,
    )
