"""Request and response models of the rating channels: hall devices, rating links, receipt QR."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, RootModel

from miniapp_api.fields import RequiredText, RowId
from miniapp_api.reviews.schemas import Indicator, Score, Tag
from models.review_channels import DeviceKind, ReviewDevice
from models.reviews import Grade, Review
from workflows.reviews.links import ALPHABET, CODE_LENGTH


class RatingIn(BaseModel):
    grade: Grade
    scores: dict[Indicator, Score] = Field(
        default_factory=dict,
        max_length=8,
        description="indicator -> 1..5; hall service: overall, efficiency, service_level, attitude",
    )
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    text: str = Field(default="", max_length=1000)


class DeviceCaseReviewIn(RatingIn):
    model_config = {"extra": "forbid"}

    case_no: str = Field(min_length=1, max_length=20, description="a walk-in case (一事一评)")
    staff_id: RowId | None = Field(default=None, description="the staff member at the window")


class DeviceVisitReviewIn(RatingIn):
    model_config = {"extra": "forbid"}

    queue_ticket_id: RowId = Field(description="a window visit at this hall today (一次一评)")
    staff_id: RowId | None = Field(default=None, description="the staff member at the window")


class DeviceReviewIn(RootModel[DeviceCaseReviewIn | DeviceVisitReviewIn]):
    """A walk-in case by its number, or a window visit by its queue ticket: exactly one."""


class RatingOut(BaseModel):
    review_id: int
    grade: str
    bad: bool
    rated_via: str
    created_at: datetime


def rating_out(review: Review) -> RatingOut:
    return RatingOut(
        review_id=review.id,
        grade=review.grade.value,
        bad=review.bad,
        rated_via=review.rated_via.value,
        created_at=review.created_at,
    )


class LinkParams(BaseModel):
    code: str = Field(min_length=CODE_LENGTH, max_length=CODE_LENGTH, pattern=f"^[{ALPHABET}]+$")


class RatingLinkView(BaseModel):
    # What the rating page shows before the citizen rates: the matter, never the applicant.
    item_name: str
    subject_type: str
    rateable: bool = Field(description="false until the case has a result")
    indicators: list[str]
    expires_at: datetime


class ReceiptQrOut(BaseModel):
    code: str
    url: str = Field(description="the QR code's payload, printed on the walk-in receipt")
    expires_at: datetime


class DeviceIn(BaseModel):
    hall_id: RowId
    kind: DeviceKind
    name: RequiredText = Field(max_length=100)
    window: str = Field(default="", max_length=32, description="window number; '' for a kiosk")


class DeviceView(BaseModel):
    id: int
    device_id: str
    kind: str
    name: str
    hall_id: int
    window: str
    revoked_at: datetime | None
    last_seen_at: datetime | None


class RegisteredDevice(DeviceView):
    secret: str = Field(description="the HMAC key, shown this once")


class DeviceList(BaseModel):
    items: list[DeviceView]


class DeviceParams(BaseModel):
    device_id: RowId


class DeviceQuery(BaseModel):
    hall_id: RowId | None = None


def device_view(device: ReviewDevice) -> DeviceView:
    return DeviceView(
        id=device.id,
        device_id=device.code,
        kind=device.kind.value,
        name=device.name,
        hall_id=device.hall_id,  # type: ignore[attr-defined]
        window=device.window,
        revoked_at=device.revoked_at,
        last_seen_at=device.last_seen_at,
    )
