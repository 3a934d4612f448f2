"""Request and response models of the reviews operations."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, model_validator

from miniapp_api.fields import RequiredText, RowId
from models.reviews import (
    Classification,
    ContactMethod,
    Grade,
    RectificationState,
    SubjectType,
)
from workflows.reviews.stats import GroupBy

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


class RectParams(BaseModel):
    rectification_id: RowId


class ListQuery(BaseModel):
    state: RectificationState | None = None
    limit: int = Field(default=50, ge=1, le=200)


class ContactIn(BaseModel):
    method: ContactMethod
    reached: bool
    note: str = Field(default="", max_length=2000)


class ClassifyIn(BaseModel):
    classification: Classification = Field(description="simple (立行立改) or complex")


class InvalidRequestIn(BaseModel):
    classification: Classification = Field(description="untrue, mistaken or malicious")
    reason: RequiredText = Field(max_length=2000)


class InvalidDecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class RectificationExtensionIn(BaseModel):
    working_days: int = Field(ge=1, le=60)
    reason: RequiredText = Field(max_length=500, description="shown to the reviewer")


class CompletionIn(BaseModel):
    summary: RequiredText = Field(max_length=2000)


class RectificationCallbackIn(BaseModel):
    method: ContactMethod
    reached: bool
    satisfied: bool | None = None
    note: str = Field(default="", max_length=2000)


class ReviewerPhone(BaseModel):
    name: str
    phone: str
