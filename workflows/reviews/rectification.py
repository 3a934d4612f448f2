"""Opening a rectification for a bad review, and what every rectification step shares.

Seed 002 art. 37: the handling department contacts the reviewer at once, verifies and classifies;
the clock is the simple limit until the department classifies the matter as complex.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.errors import Forbidden, NotFound
from core.settings import ReviewSettings
from models.people import StaffAccount, StaffRole
from models.reviews import Classification, Rectification, Review
from workflows.audit import Actor, record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.outbox import Notice, enqueue, notice_key, to_citizen, to_department, to_staff
from workflows.reviews.grades import LABELS
from workflows.supervision import deadlines

SUBJECT = "rectification"


def limit_days(settings: ReviewSettings, classification: Classification | None) -> int:
    """立行立改 is configured as 0 ("at once"): the deadline is then one working day, the end
    of the next working day, so that a bad review arriving late in the day is not overdue at
    once. Until classified, the simple limit runs: contact and verification come first."""
    if classification == Classification.COMPLEX:
        return settings.rectify_complex_working_days
    return max(1, settings.rectify_simple_working_days)


async def watch(rect: Rectification, calendar: WorkingCalendar, title: str) -> None:
    rect.due_at = as_utc(calendar.due_at(rect.clock_started_at, rect.limit_working_days))
    await deadlines.watch(
        SUBJECT,
        rect.id,
        department_id=rect.department_id,  # type: ignore[attr-defined]
        title=title,
        started_at=rect.clock_started_at,
        due_at=rect.due_at,
        limit_working_days=rect.limit_working_days,
    )


def title_of(review: Review) -> str:
    # Read by group robots and supervision lists: the item only, never the text or reviewer.
    return f"差评整改：{review.item_name or review.subject_type.value}"


async def open_rectification(
    review: Review, settings: ReviewSettings, calendar: WorkingCalendar, now: datetime
) -> Rectification:
    """Inside the review's transaction: the work item, its deadline and the staff alerts."""
    rect = await Rectification.create(
        review=review,
        department_id=review.department_id,  # type: ignore[attr-defined]
        stat_item_id=review.item_id,  # type: ignore[attr-defined]
        stat_hall_id=review.hall_id,  # type: ignore[attr-defined]
        real_name=review.real_name,
        clock_started_at=as_utc(now),
        limit_working_days=limit_days(settings, None),
    )
    await watch(rect, calendar, title_of(review))
    await rect.save()
    await record_change(
        Actor.system(), "rectification.opened", SUBJECT, rect.id, after=snapshot(rect)
    )
    await enqueue(await _alerts(review, rect))
    return rect


async def _alerts(review: Review, rect: Rectification) -> list[Notice]:
    """Every new bad review: a card to the department's group and to each of its handlers."""
    department_id: int = review.department_id  # type: ignore[attr-defined]
    data = {
        "rectification_id": rect.id,
        "item_name": review.item_name,
        "grade": LABELS[review.grade],
        "due_at": rect.due_at.isoformat() if rect.due_at else "",
    }
    common = {"subject_type": SUBJECT, "subject_id": rect.id}
    notices = [
        to_department(
            notice_key(SUBJECT, rect.id, "bad_review", "department", department_id),
            department_id,
            "review_bad_alert",
            data,
            **common,
        )
    ]
    staff = await StaffAccount.filter(department_id=department_id, active=True)
    for account in staff:
        if account.has_role(StaffRole.HANDLER):
            key = notice_key(SUBJECT, rect.id, "bad_review", "staff", account.id)
            notices.append(to_staff(key, account.id, "review_bad_alert", data, **common))
    return notices


def citizen_notice(review: Review, rect: Rectification, event: str, **data: Any) -> Notice:
    citizen_id: int = review.citizen_id  # type: ignore[attr-defined]
    return to_citizen(
        notice_key(SUBJECT, rect.id, event, "citizen", citizen_id),
        citizen_id,
        f"review_{event}",
        {"item_name": review.item_name, "review_id": review.id, **data},
        subject_type=SUBJECT,
        subject_id=rect.id,
    )


def snapshot(rect: Rectification) -> dict[str, Any]:
    """What an audit row compares: states and times, never the reviewer or their words."""
    return {
        "state": rect.state.value,
        "classification": rect.classification.value if rect.classification else None,
        "due_at": rect.due_at.isoformat() if rect.due_at else None,
        "extension_days": rect.extension_days,
    }


def require_rectifier(principal: Principal, rect: Rectification) -> None:
    """Handlers of the rectifying department act; others may not, or may not even see it."""
    own = principal.is_staff and principal.department_id == rect.department_id  # type: ignore[attr-defined]
    if not own and not principal.may_see_department(rect.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such rectification")
    if not (own and principal.has_role(StaffRole.HANDLER)):
        raise Forbidden("only the handling department's handlers rectify", code="role_required")
