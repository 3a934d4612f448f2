"""Reviews as citizens and the public see them: createReview, listMyReviews, getReviewStats."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field, model_validator

from core.errors import ValidationFailed
from core.settings import Settings
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from miniapp_api.review_views import MyReview, MyReviewList, my_review, pending
from models.reviews import Grade, SubjectType
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews.create import ReviewInput, create_review
from workflows.reviews.reading import my_pending_invitations, my_reviews
from workflows.reviews.stats import GroupBy, review_stats

TAGS = ("reviews",)
MAX_PERIOD_DAYS = 366


class CreateReviewIn(BaseModel):
    subject_type: SubjectType
    subject_id: RowId
    grade: Grade
    scores: dict[str, int] = Field(
        default_factory=dict,
        max_length=8,
        description="indicator -> 1..5; online/mobile: overall, efficiency, guide_accuracy, "
        "convenience, usability; hall: overall, efficiency, service_level, attitude",
    )
    tags: list[str] = Field(default_factory=list, max_length=10)
    text: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _scores_and_tags(self) -> CreateReviewIn:
        if any(not 1 <= value <= 5 for value in self.scores.values()):
            raise ValueError("every score is from 1 to 5")
        if any(not 1 <= len(tag) <= 20 for tag in self.tags):
            raise ValueError("each tag has 1 to 20 characters")
        return self


class MyReviewsQuery(BaseModel):
    limit: int = Field(default=50, ge=1, le=200)


class StatsQuery(BaseModel):
    model_config = {"populate_by_name": True}

    from_: date | None = Field(default=None, alias="from", description="first local day")
    to: date | None = Field(default=None, description="last local day (default: today)")
    group_by: GroupBy | None = None

    @model_validator(mode="after")
    def _period(self) -> StatsQuery:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("from must not be after to")
        if self.from_ and self.to and (self.to - self.from_).days >= MAX_PERIOD_DAYS:
            raise ValueError(f"a period is at most {MAX_PERIOD_DAYS} days")
        return self


class GradeCounts(BaseModel):
    very_satisfied: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    very_dissatisfied: int


class StatsRow(BaseModel):
    key: int | None
    name: str
    reviews: int = Field(description="valid reviews: all but the 无效差评")
    invalid_bad_reviews: int
    grades: GradeCounts
    satisfaction_rate: float | None = Field(description="(非常满意 + 满意) / valid reviews")
    bad_reviews: int
    rectification_required: int
    rectified: int
    rectified_on_time: int
    rectification_rate: float | None
    on_time_rectification_rate: float | None


class ReviewStats(BaseModel):
    period_from: date
    period_to: date
    group_by: GroupBy | None
    overall: StatsRow
    groups: list[StatsRow]


table = OperationTable(tags=TAGS, audience="citizen")


@table.post("/api/reviews", "createReview", status=201, errors=(404, 409))
async def create(
    principal: Principal,
    body: CreateReviewIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> MyReview:
    """Rate a matter once (一事一评): a closed case or a hall visit; voluntary"""
    review = await create_review(
        principal,
        ReviewInput(**body.model_dump()),
        settings.reviews,
        calendar,
        now,
    )
    await review.fetch_related("rectification")
    return my_review(review)


@table.get("/api/reviews/mine", "listMyReviews")
async def mine(principal: Principal, query: MyReviewsQuery) -> MyReviewList:
    """My reviews with their rectification progress, and the matters waiting to be rated"""
    reviews = await my_reviews(principal, query.limit)
    invitations = await my_pending_invitations(principal, query.limit)
    return MyReviewList(
        items=[my_review(review) for review in reviews],
        pending=[pending(invitation) for invitation in invitations],
    )


@table.get("/api/reviews/stats", "getReviewStats", audience="public")
async def stats(query: StatsQuery, now: datetime, calendar: WorkingCalendar) -> ReviewStats:
    """Published results: satisfaction, grades and rectification rates (no personal data)"""
    end = query.to or calendar.local_date(now)
    start = query.from_ or end - timedelta(days=29)
    if start > end or (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationFailed(
            "the period must run forward and last at most a year", fields={"from": "invalid"}
        )
    overall, groups = await review_stats(calendar, start, end, query.group_by)
    return ReviewStats(
        period_from=start,
        period_to=end,
        group_by=query.group_by,
        overall=StatsRow(**overall),
        groups=[StatsRow(**row) for row in groups],
    )
