"""A correction never answered ends the case (seed 002 art. 16) after `[cases]
correction_expiry_days` working days from the notice, with a notice to the applicant.

Run by the worker; each case is re-read under its lock, so a second run, or two workers at
once, end it once.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from models.cases import Case, CaseStatus, CaseTimelineEntry
from workflows.audit import Actor
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline
from workflows.cases.steps import record_step

NOTE = "补正通知逾期未补正，办件终止"


class _System(Principal):
    @property
    def actor(self) -> Actor:
        return Actor.system()


SYSTEM = _System(kind="system", id=0)


async def expire_unanswered_corrections(now: datetime, calendar: WorkingCalendar, days: int) -> int:
    asked = (
        await CaseTimelineEntry.filter(
            action="request_correction", case__status=CaseStatus.CORRECTION_NEEDED
        )
        .order_by("case_id", "seq")
        .values_list("case_id", "at")
    )
    last_asked: dict[int, datetime] = {}
    for case_id, at in asked:
        last_asked[case_id] = at  # the latest notice counts
    ended = 0
    for case_id, at in last_asked.items():
        if now > calendar.due_at(at, days) and await _end(case_id, now, calendar):
            ended += 1
    return ended


async def _end(case_id: int, now: datetime, calendar: WorkingCalendar) -> bool:
    async with in_transaction():
        case = await Case.select_for_update().get_or_none(id=case_id)
        if case is None or case.status != CaseStatus.CORRECTION_NEEDED:
            return False
        before = case.status
        case.status = CaseStatus.CORRECTION_EXPIRED
        case.resume_status = None
        case.paused_remaining_days = None
        await deadline.stop(case, now)
        await record_step(
            case, "correction_expired", before, SYSTEM, now, calendar, note=NOTE,
            details={"correction_materials": list(case.correction_materials)},
        )  # fmt: skip
        await case.save()
    return True
