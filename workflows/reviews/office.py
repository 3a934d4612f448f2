"""The review office (好差评管理部门, supervisors): deciding invalid requests (复核, seed 002
art. 37(2)) and the callback visits after rectification (art. 37(4))."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.settings import ReviewSettings
from models.people import StaffRole
from models.reviews import (
    ContactMethod,
    Rectification,
    RectificationContact,
    RectificationState,
    Review,
)
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_rectification
from workflows.reviews import rectification as r
from workflows.rows import locked
from workflows.supervision import deadlines

S = RectificationState
CALLBACK_ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)


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
        action = "invalid_approved" if approve else "invalid_rejected"
        await record_change(
            principal.actor, f"rectification.{action}", r.SUBJECT, rect.id,
            before=before, after=r.snapshot(rect), note=note,
        )  # fmt: skip
        await report_rectification(rect, action, now)
    return rect


async def record_callback(
    principal: Principal, rect_id: int, method: ContactMethod, reached: bool,
    satisfied: bool | None, note: str, now: datetime,
) -> Rectification:  # fmt: skip
    """Every rectified bad review may be called back; a real-name one closes only once the
    reviewer was reached (实名差评做到全部回访整改)."""
    require_role(principal, *CALLBACK_ROLES)
    now = as_utc(now)
    async with in_transaction():
        rect = await locked(Rectification, rect_id, "rectification")
        waiting = rect.state == S.AWAITING_CALLBACK
        optional = rect.state == S.CLOSED and rect.rectified_at and rect.callback_at is None
        if not (waiting or optional):
            raise Conflict("no callback is due for this rectification", code="callback_not_due")
        before = r.snapshot(rect)
        await RectificationContact.create(
            rectification=rect, purpose="callback", at=now, staff_id=principal.id,
            method=method, reached=reached, note=note,
        )  # fmt: skip
        if reached:
            rect.callback_at, rect.callback_satisfied, rect.callback_note = now, satisfied, note
            if waiting:
                rect.state, rect.closed_at = S.CLOSED, now
        await rect.save()
        await record_change(
            principal.actor, "rectification.callback", r.SUBJECT, rect.id,
            before=before, after={**r.snapshot(rect), "reached": reached, "satisfied": satisfied},
        )  # fmt: skip
        await report_rectification(rect, "callback", now)  # 回访 goes up (art. 36)
    return rect
