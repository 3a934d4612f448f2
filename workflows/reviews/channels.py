"""Every channel rates the same way (seed 002 art. 35): one review per matter, a bad review opens
its rectification, and the review records where it was given (rated_via) and, when known, the
window staff member who served (a rated object of its own).

The mini-program (create.py), the rating links (links.py) and the hall devices (devices.py) each
find the matter and who answers for it, then store the review here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from core.settings import ReviewSettings
from models.booking import Booking, QueueTicket
from models.cases import Case, CaseChannel
from models.people import StaffAccount
from models.reviews import Grade, RatedVia, Review, ReviewChannel, SubjectType
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_review
from workflows.reviews.grades import BAD, indicators_for
from workflows.reviews.invitations import mark_reviewed
from workflows.reviews.rectification import open_rectification
from workflows.reviews.subjects import RATEABLE_CASE, Matter, booking_matter


@dataclass(frozen=True)
class Rating:
    grade: Grade
    scores: dict[str, int]
    tags: list[str]
    text: str


@dataclass(frozen=True)
class Source:
    """Where a rating came from, and who is rated beside the department."""

    via: RatedVia
    actor: Actor
    staff_id: int | None = None
    device_id: int | None = None
    hall_id: int | None = None
    reviewer_id_hash: str | None = None


def check_scores(matter: Matter, scores: dict[str, int]) -> None:
    """GB/T 39734 indicators: online — overall, efficiency, guide accuracy, convenience,
    usability; hall — overall, efficiency, service level, attitude."""
    allowed = indicators_for(matter.channel)
    unknown = sorted(set(scores) - set(allowed))
    if unknown:
        raise Conflict(
            f"this channel is rated on: {', '.join(allowed)}",
            code="unknown_indicator",
            fields={"scores": "unknown: " + ", ".join(unknown)},
        )


def window_case_matter(case: Case) -> Matter:
    """A case registered at the window, rated by its applicant without the mini-program: the
    applicant's name and number (given at the window) make it a real-name review."""
    return Matter(
        SubjectType.CASE,
        case.id,
        case.citizen_id,  # type: ignore[attr-defined]
        case.department_id,  # type: ignore[attr-defined]
        case.item_id,  # type: ignore[attr-defined]
        None,
        case.item_name,
        ReviewChannel.HALL if case.channel == CaseChannel.WINDOW else ReviewChannel.MOBILE,
        case.status in RATEABLE_CASE,
        case.applicant_name or "",
        case.applicant_phone or "",
    )


async def visit_matter(ticket: QueueTicket, today: date) -> Matter:
    """A window visit (一次一评) by its queue number, rated the same day at the hall. A booked
    visit is the booking's matter, so the app and the device cannot both rate it."""
    if ticket.day != today:
        raise Conflict("a visit is rated on its day", code="review_visit_past")
    if ticket.booking_id is not None:  # type: ignore[attr-defined]
        booking = await Booking.get(id=ticket.booking_id).prefetch_related(
            "hall", "item", "citizen"
        )  # type: ignore[attr-defined]
        return booking_matter(booking, booking.citizen)
    await ticket.fetch_related("hall", "item")
    return Matter(
        SubjectType.QUEUE_TICKET,
        ticket.id,
        None,
        ticket.hall.department_id,  # type: ignore[attr-defined]
        ticket.item_id,  # type: ignore[attr-defined]
        ticket.hall_id,  # type: ignore[attr-defined]
        ticket.item.name if ticket.item else f"{ticket.hall.name}窗口服务",
        ReviewChannel.HALL,
        True,
        "",
        "",
    )


async def require_staff(staff_id: int | None) -> int | None:
    if staff_id is None:
        return None
    if not await StaffAccount.filter(id=staff_id, active=True).exists():
        raise NotFound("no such staff member", code="staff_not_found")
    return staff_id


async def save_review(
    matter: Matter,
    rating: Rating,
    source: Source,
    settings: ReviewSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Review:
    """Store the one review of a matter; a bad one opens its rectification (same transaction)."""
    now = as_utc(now)
    check_scores(matter, rating.scores)
    try:
        async with in_transaction():
            if await Review.exists(subject_type=matter.subject_type, subject_id=matter.subject_id):
                raise already_rated()
            review = await Review.create(
                subject_type=matter.subject_type,
                subject_id=matter.subject_id,
                citizen_id=matter.citizen_id,
                department_id=matter.department_id,
                item_id=matter.item_id,
                hall_id=matter.hall_id or source.hall_id,
                item_name=matter.item_name[:200],
                channel=matter.channel,
                grade=rating.grade,
                bad=rating.grade in BAD,
                scores=rating.scores,
                tags=rating.tags,
                text=rating.text,
                real_name=bool(matter.contact_name),
                reviewer_id_hash=source.reviewer_id_hash,
                contact_name=matter.contact_name[:100],
                contact_phone=matter.contact_phone[:20],
                rated_via=source.via,
                staff_id=source.staff_id,
                device_id=source.device_id,
            )
            await mark_reviewed(matter.subject_type, matter.subject_id, now)
            await record_change(
                source.actor, "review.created", "review", review.id,
                after={"subject": f"{matter.subject_type.value}:{matter.subject_id}",
                       "grade": rating.grade.value, "via": source.via.value},
            )  # fmt: skip
            await report_review(review, "review")  # seed 002 art. 36: up to the province
            if review.bad:
                await open_rectification(review, settings, calendar, now)
    except IntegrityError:
        # Two submissions at once: the unique (subject_type, subject_id) lets one through.
        raise already_rated() from None
    return review


def already_rated() -> Conflict:
    return Conflict("this matter was already rated (一事一评)", code="already_reviewed")
