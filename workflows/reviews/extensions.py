"""Rectification extensions (seed 002 art. 37(3)): "确需延长处置时间的，在“好差评”系统提出申请，
可适当延长，但需向评价人说明理由".

The department asks (once, for a complex matter, before it is due, at most the complex limit);
the review office decides within [reviews] extension_decision_working_days, carded if it does
not. Approved: the deadline moves and the reviewer is told the reason. Rejected: the deadline
stands, and the department is told. The rectification's own clock runs meanwhile.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.settings import ReviewSettings
from models.people import StaffRole
from models.review_channels import ExtensionState, RectificationExtension
from models.reviews import Classification, Rectification, RectificationState, Review
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.outbox import enqueue, notice_key, to_department
from workflows.reviews import office_alerts
from workflows.reviews import rectification as r
from workflows.reviews.reviewer import reviewer_notices
from workflows.rows import locked

SUBJECT = office_alerts.EXTENSION


async def pending_request(rect_id: int) -> RectificationExtension | None:
    return await RectificationExtension.get_or_none(
        rectification_id=rect_id, state=ExtensionState.PENDING
    )


async def latest_request(rect_id: int) -> RectificationExtension | None:
    return await RectificationExtension.filter(rectification_id=rect_id).order_by("-id").first()


async def latest_requests(rect_ids: list[int]) -> dict[int, RectificationExtension]:
    latest: dict[int, RectificationExtension] = {}
    if rect_ids:
        for ext in await RectificationExtension.filter(rectification_id__in=rect_ids).order_by(
            "id"
        ):
            latest[ext.rectification_id] = ext  # type: ignore[attr-defined]
    return latest


async def request_extension(
    principal: Principal, rect_id: int, working_days: int, reason: str,
    settings: ReviewSettings, calendar: WorkingCalendar, now: datetime,
) -> Rectification:  # fmt: skip
    now = as_utc(now)
    if working_days > settings.rectify_complex_working_days:
        raise Conflict(
            "an extension cannot be longer than the complex limit",
            code="extension_too_long",
            fields={"working_days": f"at most {settings.rectify_complex_working_days}"},
        )
    async with in_transaction():
        rect = await locked(Rectification, rect_id, "rectification")
        r.require_rectifier(principal, rect)
        if rect.state != RectificationState.RECTIFYING:
            raise Conflict(
                f"a rectification that is {rect.state.value} does not allow this",
                code="rectification_state",
            )
        if rect.classification != Classification.COMPLEX:
            raise Conflict("only a complex matter can be extended", code="extension_not_complex")
        if rect.extension_days is not None:
            raise Conflict("this rectification was already extended", code="extension_used")
        if await RectificationExtension.exists(rectification_id=rect.id):
            # One request: pending, or decided (a rejection is final, as for invalid requests).
            raise Conflict(
                "an extension was already requested for this rectification",
                code="extension_requested",
            )
        if rect.due_at is not None and now > rect.due_at:
            raise Conflict(
                "an extension must be asked before the due time", code="extension_after_due"
            )
        review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
        ext = await RectificationExtension.create(
            rectification=rect, working_days=working_days, reason=reason,
            requested_by_id=principal.id, requested_at=now, decide_by=now,
        )  # fmt: skip
        ext.decide_by = await office_alerts.ask_office(
            SUBJECT, ext.id, rect, review.item_name, calendar, now,
            settings.extension_decision_working_days,
        )  # fmt: skip
        await ext.save(update_fields=["decide_by"])
        await record_change(
            principal.actor, "rectification.extension_requested", r.SUBJECT, rect.id,
            after={"working_days": working_days, "decide_by": ext.decide_by.isoformat()},
        )  # fmt: skip
    return rect


async def decide_extension(
    principal: Principal, rect_id: int, approve: bool, note: str,
    calendar: WorkingCalendar, now: datetime,
) -> Rectification:  # fmt: skip
    require_role(principal, StaffRole.SUPERVISOR)
    now = as_utc(now)
    async with in_transaction():
        rect = await locked(Rectification, rect_id, "rectification")
        require_department_access(principal, rect.department_id, "rectification")  # type: ignore[attr-defined]
        ext = await pending_request(rect.id)
        if ext is None:
            raise Conflict("no extension request is waiting", code="no_extension_request")
        ext = await locked(RectificationExtension, ext.id, "extension request")
        before = r.snapshot(rect)
        review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
        ext.state = ExtensionState.APPROVED if approve else ExtensionState.REJECTED
        ext.decided_by_id, ext.decided_at, ext.decision_note = principal.id, now, note  # type: ignore[attr-defined]
        await ext.save()
        await office_alerts.decided(SUBJECT, ext.id, now)
        still_open = rect.state == RectificationState.RECTIFYING
        if approve and still_open:
            rect.extension_days, rect.extension_reason = ext.working_days, ext.reason
            rect.limit_working_days += ext.working_days
            await r.watch(rect, calendar, r.title_of(review))
            await rect.save()
            due = rect.due_at.isoformat() if rect.due_at else ""
            await enqueue(
                await reviewer_notices(
                    review, rect, "rectification_extended", reason=ext.reason, due_at=due
                )
            )
        await record_change(
            principal.actor,
            f"rectification.extension_{'approved' if approve else 'rejected'}",
            r.SUBJECT, rect.id, before=before, after=r.snapshot(rect), note=note,
        )  # fmt: skip
        department_id: int = rect.department_id  # type: ignore[attr-defined]
        await enqueue(
            [
                to_department(
                    notice_key(SUBJECT, ext.id, "decided", "department", department_id),
                    department_id,
                    "review_extension_decided",
                    {
                        "item_name": review.item_name,
                        "outcome": "同意延期" if approve else "不同意延期",
                        "due_at": rect.due_at.isoformat() if rect.due_at else "",
                        "note": note[:100],
                    },
                    subject_type=SUBJECT,
                    subject_id=ext.id,
                )
            ]
        )
    return rect
