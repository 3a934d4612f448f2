"""Request and response models of the reviews operations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field, RootModel

from miniapp_api.fields import QueryDate, RequiredText, RowId
from models.reviews import (
    Classification,
    ContactMethod,
    Grade,
    RectificationState,
    SubjectType,
)
from workflows.reviews.grades import HALL_INDICATORS, ONLINE_INDICATORS
from workflows.reviews.stats import GroupBy

MAX_PERIOD_DAYS = 366
# Every indicator of GB/T 39734 (online and hall); which apply depends on the channel rated.
Indicator = Literal[tuple(sorted(set(ONLINE_INDICATORS) | set(HALL_INDICATORS)))]  # type: ignore[valid-type]
Score = Annotated[int, Field(ge=1, le=5)]
Tag = Annotated[str, Field(min_length=1, max_length=20)]


class CreateReviewIn(BaseModel):
    subject_type: SubjectType
    subject_id: RowId
    grade: Grade
    scores: dict[Indicator, Score] = Field(
        default_factory=dict,
        max_length=8,
        description="indicator -> 1..5; online/mobile: overall, efficiency, guide_accuracy, "
        "convenience, usability; hall: overall, efficiency, service_level, attitude",
    )
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    text: str = Field(default="", max_length=1000)


class MyReviewsQuery(BaseModel):
    limit: int = Field(default=50, ge=1, le=200)


class StatsQuery(BaseModel):
    model_config = {"populate_by_name": True}

    from_: QueryDate | None = Field(
        default=None,
        alias="from",
        description=f"first local day (default and earliest: {MAX_PERIOD_DAYS - 1} days before to)",
    )
    to: QueryDate | None = Field(default=None, description="last local day (default: today)")
    group_by: GroupBy | None = None


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
    classification: Literal[Classification.SIMPLE, Classification.COMPLEX] = Field(
        description="simple (立行立改) or complex; the other kinds go to invalidRequest"
    )


class InvalidRequestIn(BaseModel):
    classification: Literal[
        Classification.UNTRUE, Classification.MISTAKEN, Classification.MALICIOUS
    ] = Field(description="untrue, mistaken or malicious")
    reason: RequiredText = Field(max_length=2000)


class InvalidDecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class RectificationExtensionIn(BaseModel):
    working_days: int = Field(ge=1, le=60)
    reason: RequiredText = Field(max_length=500, description="shown to the reviewer")


class CompletionIn(BaseModel):
    summary: RequiredText = Field(max_length=2000)


class CallbackReachedIn(BaseModel):
    model_config = {"extra": "forbid"}

    method: ContactMethod
    reached: Literal[True]
    satisfied: bool = Field(description="false reopens the rectification (art. 37(4))")
    note: str = Field(default="", max_length=2000)


class CallbackMissedIn(BaseModel):
    model_config = {"extra": "forbid"}

    method: ContactMethod
    reached: Literal[False]
    note: str = Field(default="", max_length=2000)


class RectificationCallbackIn(RootModel[CallbackReachedIn | CallbackMissedIn]):
    """Reached (say whether satisfied) or a try that did not reach the reviewer."""


class ReviewerPhone(BaseModel):
    name: str
    phone: str
