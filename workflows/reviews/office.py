"""The review office (好差评管理部门, supervisors): deciding invalid requests (复核, seed 002
art. 37(2)). The callback visits are in callbacks.py."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.settings import ReviewSettings
from models.people import StaffRole
from models.reviews import (
    Rectification,
    RectificationState,
    Review,
)
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_rectification
from workflows.reviews import invalid
from workflows.reviews import rectification as r
from workflows.rows import locked
from workflows.supervision import deadlines

S = RectificationState


async def decide_invalid(
    principal: Principal, rect_id: int, approve: bool, note: str,
    settings: ReviewSettings, calendar: WorkingCalendar, now: datetime,
) -> Rectification:  # fmt: skip
    """Approve: the review is 无效差评, out of every rate. Reject: back to rectification, with a
    fresh clock from the decision (the department waited for the office, not the reverse)."""
    require_role(principal, StaffRole.SUPERVISOR)
    now = as_utc(now)
    async with in_transaction():
        rect = await locked(Rectification, rect_id, "rectification")
        require_department_access(principal, rect.department_id, "rectification")  # type: ignore[attr-defined]
        if rect.state != S.INVALID_REQUESTED:
            raise Conflict("no invalid request is waiting", code="no_invalid_request")
        before = r.snapshot(rect)
        review = await locked(Review, rect.review_id, "review")  # type: ignore[attr-defined]
        rect.invalid_approved, rect.invalid_decision_note = approve, note
        rect.invalid_decided_at, rect.invalid_decided_by_id = now, principal.id  # type: ignore[attr-defined]
        if approve:
            rect.state, rect.closed_at = S.INVALID, now
            review.invalid = True
            await review.save(update_fields=["invalid", "updated_at"])
            await deadlines.finish(r.SUBJECT, rect.id, now)
        else:
            rect.state, rect.classification = S.OPEN, None
            rect.clock_started_at = now
            rect.limit_working_days = r.limit_days(settings, None)
            await r.watch(rect, calendar, r.title_of(review))
        await rect.save()
        await invalid.on_decided(rect, review, approve, now)
        action = "invalid_approved" if approve else "invalid_rejected"
        await record_change(
            principal.actor, f"rectification.{action}", r.SUBJECT, rect.id,
            before=before, after=r.snapshot(rect), note=note,
        )  # fmt: skip
        await report_rectification(rect, action, now)
    return rect
