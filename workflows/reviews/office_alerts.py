"""What the review office (好差评管理部门: supervisors) is asked to decide, and by when.

Each request (a rectification extension, an invalid-review request) is one Deadline row of its
own kind, so an undecided request draws yellow and red cards like any other matter; it is filed
under the rectifying department, and cards reach every supervisor (workflows/supervision/cards).
"""

from __future__ import annotations

from datetime import datetime

from models.people import StaffAccount, StaffRole
from models.reviews import Rectification
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.outbox import enqueue, notice_key, to_staff
from workflows.supervision import deadlines

EXTENSION = "rectification_extension"
INVALID = "invalid_review"
LABELS = {EXTENSION: "差评整改延期申请", INVALID: "无效差评复核申请"}


async def ask_office(
    kind: str,
    subject_id: int,
    rect: Rectification,
    item_name: str,
    calendar: WorkingCalendar,
    now: datetime,
    working_days: int,
) -> datetime:
    """Inside the request's transaction: its decision deadline and an alert to each supervisor."""
    now = as_utc(now)
    decide_by = as_utc(calendar.due_at(now, working_days))
    await deadlines.watch(
        kind,
        subject_id,
        department_id=rect.department_id,  # type: ignore[attr-defined]
        title=f"{LABELS[kind]}：{item_name}",
        started_at=now,
        due_at=decide_by,
        limit_working_days=working_days,
    )
    data = {
        "request": LABELS[kind],
        "item_name": item_name,
        "rectification_id": rect.id,
        "decide_by": decide_by.isoformat(),
    }
    supervisors = [
        s
        for s in await StaffAccount.filter(active=True).only("id", "roles")
        if s.has_role(StaffRole.SUPERVISOR)
    ]
    await enqueue(
        to_staff(
            notice_key(kind, subject_id, "asked", "staff", s.id),
            s.id,
            "review_office_request",
            data,
            subject_type=kind,
            subject_id=subject_id,
        )
        for s in supervisors
    )
    return decide_by


async def decided(kind: str, subject_id: int, now: datetime) -> None:
    await deadlines.finish(kind, subject_id, as_utc(now))
