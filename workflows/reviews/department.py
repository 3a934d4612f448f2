"""The rectifying department's steps (seed 002 art. 37(1)-(3)): contact, classify, rectify,
extend with a reason the reviewer sees, or ask the review office to mark the review invalid."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from core.settings import ReviewSettings
from models.reviews import (
    Classification,
    ContactMethod,
    Rectification,
    RectificationContact,
    RectificationState,
    Review,
)
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_rectification
from workflows.outbox import enqueue
from workflows.reviews import callbacks, invalid
from workflows.reviews import rectification as r
from workflows.reviews.reviewer import reviewer_notices
from workflows.rows import locked
from workflows.supervision import deadlines

S = RectificationState
INVALID_KINDS = frozenset(
    {Classification.UNTRUE, Classification.MISTAKEN, Classification.MALICIOUS}
)
REASONABLE_KINDS = frozenset({Classification.SIMPLE, Classification.COMPLEX})


async def _begin(principal: Principal, rect_id: int, *states: S) -> tuple[Rectification, dict]:
    rect = await locked(Rectification, rect_id, "rectification")
    r.require_rectifier(principal, rect)
    if rect.state not in states:
        raise Conflict(
            f"a rectification that is {rect.state.value} does not allow this",
            code="rectification_state",
        )
    return rect, r.snapshot(rect)


async def _audit(principal: Principal, action: str, rect: Rectification, before: dict) -> None:
    await rect.save()
    await record_change(
        principal.actor, f"rectification.{action}", r.SUBJECT, rect.id,
        before=before, after=r.snapshot(rect),
    )  # fmt: skip
    await report_rectification(rect, action, rect.updated_at)  # 整改 goes up (art. 36)


def _require_contacted(rect: Rectification) -> None:
    if rect.contacted_at is None:
        raise Conflict("contact the reviewer first", code="reviewer_not_contacted")


async def record_contact(
    principal: Principal, rect_id: int, method: ContactMethod, reached: bool, note: str,
    now: datetime,
) -> Rectification:  # fmt: skip
    now = as_utc(now)
    async with in_transaction():
        rect, before = await _begin(principal, rect_id, S.OPEN, S.RECTIFYING)
        await RectificationContact.create(
            rectification=rect, purpose="verify", at=now, staff_id=principal.id,
            method=method, reached=reached, note=note,
        )  # fmt: skip
        rect.contacted_at = rect.contacted_at or now
        await _audit(principal, "contacted", rect, before)
    return rect


async def classify(
    principal: Principal, rect_id: int, classification: Classification,
    settings: ReviewSettings, calendar: WorkingCalendar, now: datetime,
) -> Rectification:  # fmt: skip
    if classification not in REASONABLE_KINDS:
        raise ValidationFailed(
            "untrue, mistaken or malicious reviews go to the review office as invalid requests",
            code="use_invalid_request",
            fields={"classification": "simple or complex"},
        )
    async with in_transaction():
        rect, before = await _begin(principal, rect_id, S.OPEN)
        _require_contacted(rect)
        review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
        rect.classification, rect.state = classification, S.RECTIFYING
        rect.limit_working_days = r.limit_days(settings, classification)
        await r.watch(rect, calendar, r.title_of(review))
        await _audit(principal, "classified", rect, before)
    return rect


async def request_invalid(
    principal: Principal, rect_id: int, classification: Classification, reason: str,
    settings: ReviewSettings, calendar: WorkingCalendar, now: datetime,
) -> Rectification:  # fmt: skip
    if classification not in INVALID_KINDS:
        raise ValidationFailed(
            "only untrue, mistaken or malicious reviews can be invalid",
            code="not_an_invalid_kind",
            fields={"classification": "untrue, mistaken or malicious"},
        )
    async with in_transaction():
        rect, before = await _begin(principal, rect_id, S.OPEN)
        _require_contacted(rect)
        if rect.invalid_approved is False:
            raise Conflict(
                "the review office already rejected an invalid request for this review",
                code="invalid_already_rejected",
            )
        rect.state, rect.classification = S.INVALID_REQUESTED, classification
        rect.invalid_reason, rect.invalid_requested_at = reason, as_utc(now)
        # The department's clock stops while the review office decides (复核).
        rect.due_at = None
        await deadlines.pause(r.SUBJECT, rect.id)
        await invalid.on_requested(rect, settings, calendar, now)
        await _audit(principal, "invalid_requested", rect, before)
    return rect


async def complete(
    principal: Principal, rect_id: int, summary: str, now: datetime
) -> Rectification:
    """Rectified: every one waits for its callback (art. 37(4)); one whose reviewer cannot be
    called back (not real-name, or no contact) records that as the callback's outcome."""
    now = as_utc(now)
    async with in_transaction():
        rect, before = await _begin(principal, rect_id, S.RECTIFYING)
        review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
        rect.rectified_at, rect.rectification_summary = now, summary
        rect.rectified_on_time = rect.due_at is not None and now <= rect.due_at
        rect.state = S.AWAITING_CALLBACK
        await deadlines.finish(r.SUBJECT, rect.id, now)
        await _audit(principal, "rectified", rect, before)
        await callbacks.no_contact_outcome(rect, review, now)
        await enqueue(await reviewer_notices(review, rect, "rectified", summary=summary[:100]))
    return rect
