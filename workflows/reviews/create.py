"""A citizen rates a matter once (一事一评 / 一次一评); a bad review opens its rectification."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden
from core.settings import ReviewSettings
from models.people import Citizen
from models.reviews import Grade, Review, SubjectType
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.exchange.events import report_review
from workflows.identity.levels import require_item_level
from workflows.reviews.grades import BAD, indicators_for
from workflows.reviews.invitations import mark_reviewed
from workflows.reviews.rectification import open_rectification
from workflows.reviews.subjects import Matter, load_matter, require_rateable


@dataclass(frozen=True)
class ReviewInput:
    subject_type: SubjectType
    subject_id: int
    grade: Grade
    scores: dict[str, int] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    text: str = ""


def _check_scores(matter: Matter, scores: dict[str, int]) -> None:
    allowed = indicators_for(matter.channel)
    unknown = sorted(set(scores) - set(allowed))
    if unknown:
        raise Conflict(
            f"this channel is rated on: {', '.join(allowed)}",
            code="unknown_indicator",
            fields={"scores": "unknown: " + ", ".join(unknown)},
        )


async def create_review(
    principal: Principal,
    data: ReviewInput,
    settings: ReviewSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Review:
    if not principal.is_citizen:
        raise Forbidden("only the applicant rates a matter", code="citizen_only")
    now = as_utc(now)
    matter = await load_matter(data.subject_type, data.subject_id, principal.id)
    require_rateable(matter)
    if matter.contact_name and matter.item_id is not None:
        await require_item_level(principal.id, matter.item_id)
    _check_scores(matter, data.scores)
    try:
        async with in_transaction():
            if await Review.exists(subject_type=matter.subject_type, subject_id=matter.subject_id):
                raise _already_rated()
            review = await Review.create(
                subject_type=matter.subject_type,
                subject_id=matter.subject_id,
                citizen_id=matter.citizen_id,
                department_id=matter.department_id,
                item_id=matter.item_id,
                hall_id=matter.hall_id,
                item_name=matter.item_name[:200],
                channel=matter.channel,
                grade=data.grade,
                bad=data.grade in BAD,
                scores=data.scores,
                tags=data.tags,
                text=data.text,
                real_name=bool(matter.contact_name),
                reviewer_id_hash=await Citizen.filter(id=matter.citizen_id)
                .first()
                .values_list("id_number_hash", flat=True),
                contact_name=matter.contact_name[:100],
                contact_phone=matter.contact_phone[:20],
            )
            await mark_reviewed(matter.subject_type, matter.subject_id, now)
            await record_change(
                principal.actor, "review.created", "review", review.id,
                after={"subject": f"{matter.subject_type.value}:{matter.subject_id}",
                       "grade": data.grade.value},
            )  # fmt: skip
            await report_review(review, "review")  # seed 002 art. 36: up to the province
            if review.bad:
                await open_rectification(review, settings, calendar, now)
    except IntegrityError:
        # Two submissions at once: the unique (subject_type, subject_id) lets one through.
        raise _already_rated() from None
    return review


def _already_rated() -> Conflict:
    return Conflict("this matter was already rated (一事一评)", code="already_reviewed")
