"""Callback visits after rectification (回访, seed 002 art. 37(4)): "对已办结的差评…应当安排回访并
做好回访整改情况记录，实名差评做到全部回访整改".

- Every rectified bad review waits for its callback. One whose reviewer cannot be called back
  (the review is not real-name, or left no contact) gets the outcome "no_contact" at once,
  recorded and audited: the callback is accounted for, not skipped.
- A callback that reaches the reviewer records whether they are satisfied. Satisfied: closed.
  Dissatisfied: the rectification is REOPENED with a new deadline (the limit of its
  classification, from the callback), the department alerted; it is rectified again and called
  back again. A try that does not reach them is recorded and the callback stays due.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, ValidationFailed
from core.settings import ReviewSettings
from models.people import StaffRole
from models.reviews import (
    ContactMethod,
    Rectification,
    RectificationContact,
    RectificationState,
    Review,
)
from workflows.audit import Actor, record_change
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_rectification
from workflows.outbox import enqueue, notice_key, to_department
from workflows.reviews import rectification as r
from workflows.reviews.reviewer import reachable
from workflows.rows import locked

S = RectificationState
CALLBACK_ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)
SATISFIED, DISSATISFIED, NO_CONTACT = "satisfied", "dissatisfied", "no_contact"


async def no_contact_outcome(rect: Rectification, review: Review, now: datetime) -> bool:
    """Inside the completion's transaction: close a callback that cannot be made."""
    if rect.real_name and (review.contact_phone or await reachable(review)):
        return False
    before = r.snapshot(rect)
    rect.callback_outcome, rect.state, rect.closed_at = NO_CONTACT, S.CLOSED, as_utc(now)
    rect.callback_note = "评价人未实名或未留联系方式，无法回访"
    await rect.save()
    await record_change(
        Actor.system(), "rectification.callback", r.SUBJECT, rect.id,
        before=before, after={**r.snapshot(rect), "outcome": NO_CONTACT},
    )  # fmt: skip
    await report_rectification(rect, "callback", as_utc(now))  # 回访 goes up (art. 36)
    return True


async def record_callback(
    principal: Principal, rect_id: int, method: ContactMethod, reached: bool,
    satisfied: bool | None, note: str, settings: ReviewSettings, calendar: WorkingCalendar,
    now: datetime,
) -> Rectification:  # fmt: skip
    require_role(principal, *CALLBACK_ROLES)
    if reached and satisfied is None:
        raise ValidationFailed(
            "a callback that reached the reviewer records whether they are satisfied",
            code="satisfaction_required",
            fields={"satisfied": "required when reached"},
        )
    now = as_utc(now)
    async with in_transaction():
        rect = await locked(Rectification, rect_id, "rectification")
        if not principal.in_scope(rect.department_id):  # type: ignore[attr-defined]
            raise NotFound("no such rectification in your scope")
        waiting = rect.state == S.AWAITING_CALLBACK
        # One closed without a callback (no contact) may still be called back if reached later.
        late = rect.state == S.CLOSED and rect.rectified_at and rect.callback_at is None
        if not (waiting or late):
            raise Conflict("no callback is due for this rectification", code="callback_not_due")
        before = r.snapshot(rect)
        await RectificationContact.create(
            rectification=rect, purpose="callback", at=now, staff_id=principal.id,
            method=method, reached=reached, note=note,
        )  # fmt: skip
        if reached:
            rect.callback_at, rect.callback_satisfied, rect.callback_note = now, satisfied, note
            if satisfied:
                rect.callback_outcome, rect.state, rect.closed_at = SATISFIED, S.CLOSED, now
            else:
                await _reopen(rect, settings, calendar, now)
        await rect.save()
        await record_change(
            principal.actor, "rectification.callback", r.SUBJECT, rect.id,
            before=before, after={**r.snapshot(rect), "reached": reached, "satisfied": satisfied},
        )  # fmt: skip
        await report_rectification(rect, "callback", now)  # 回访 goes up (art. 36)
    return rect


async def _reopen(
    rect: Rectification, settings: ReviewSettings, calendar: WorkingCalendar, now: datetime
) -> None:
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    rect.callback_outcome, rect.state, rect.closed_at = DISSATISFIED, S.RECTIFYING, None
    rect.reopened_count += 1
    rect.rectified_at, rect.rectified_on_time = None, None
    rect.clock_started_at = now
    rect.limit_working_days = r.limit_days(settings, rect.classification)
    await r.watch(rect, calendar, r.title_of(review))
    department_id: int = rect.department_id  # type: ignore[attr-defined]
    await enqueue(
        [
            to_department(
                notice_key(r.SUBJECT, rect.id, "reopened", rect.reopened_count, department_id),
                department_id,
                "review_rectification_reopened",
                {
                    "item_name": review.item_name,
                    "due_at": rect.due_at.isoformat() if rect.due_at else "",
                },
                subject_type=r.SUBJECT,
                subject_id=rect.id,
            )
        ]
    )
