"""A citizen rates a matter once (一事一评 / 一次一评); a bad review opens its rectification."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.errors import Forbidden
from core.settings import ReviewSettings
from models.people import Citizen
from models.reviews import Grade, RatedVia, Review, SubjectType
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.identity.levels import require_item_level
from workflows.reviews.channels import Rating, Source, save_review
from workflows.reviews.subjects import load_matter, require_rateable


@dataclass(frozen=True)
class ReviewInput:
    subject_type: SubjectType
    subject_id: int
    grade: Grade
    scores: dict[str, int] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    text: str = ""


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
    return await save_review(
        matter,
        Rating(data.grade, data.scores, data.tags, data.text),
        Source(
            RatedVia.APP,
            principal.actor,
            reviewer_id_hash=await Citizen.filter(id=principal.id)
            .first()
            .values_list("id_number_hash", flat=True),
        ),
        settings,
        calendar,
        now,
    )
