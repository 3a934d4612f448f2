"""How reviews and rectifications look to the reviewer and to staff.

Staff views never carry the reviewer: no citizen id, name or phone. The one exception is
`reviewer_contact` (masked), present only for the rectifying department's handlers while the
rectification is open.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from core.masking import mask_name, mask_phone
from models.review_channels import RectificationExtension
from models.reviews import Rectification, Review, ReviewInvitation
from workflows.authz import Principal
from workflows.reviews.grades import LABELS
from workflows.reviews.reading import may_contact


class RectificationProgress(BaseModel):
    # What the reviewer sees of the rectification of their bad review.
    state: str
    due_at: datetime | None
    extension_reason: str
    rectified_at: datetime | None
    rectification_summary: str


class MyReview(BaseModel):
    id: int
    subject_type: str
    subject_id: int
    item_name: str
    channel: str
    grade: str
    grade_label: str
    scores: dict[str, int]
    tags: list[str]
    text: str
    invalid: bool
    created_at: datetime
    rectification: RectificationProgress | None


class PendingInvitation(BaseModel):
    subject_type: str
    subject_id: int
    item_name: str
    invited_at: datetime


class MyReviewList(BaseModel):
    items: list[MyReview]
    pending: list[PendingInvitation]


class ReviewerContact(BaseModel):
    name: str | None
    phone: str | None


class StaffReview(BaseModel):
    # The review as staff see it: the words, never who wrote them.
    id: int
    subject_type: str
    subject_id: int
    item_id: int | None
    item_name: str
    hall_id: int | None
    department_id: int
    channel: str
    grade: str
    grade_label: str
    scores: dict[str, int]
    tags: list[str]
    text: str
    real_name: bool
    invalid: bool
    created_at: datetime


class ExtensionRequestView(BaseModel):
    # The department's request for more time and the review office's decision (art. 37(3)).
    working_days: int
    reason: str
    state: str
    requested_at: datetime
    decide_by: datetime
    decided_at: datetime | None
    decision_note: str


class RectificationView(BaseModel):
    id: int
    department_id: int
    state: str
    classification: str | None
    real_name: bool
    due_at: datetime | None
    limit_working_days: int
    contacted_at: datetime | None
    invalid_reason: str
    invalid_approved: bool | None
    invalid_decision_note: str
    extension_days: int | None
    extension_reason: str
    rectified_at: datetime | None
    rectified_on_time: bool | None
    rectification_summary: str
    callback_at: datetime | None
    callback_satisfied: bool | None
    closed_at: datetime | None
    callback_outcome: str = Field(description="satisfied, dissatisfied, no_contact or ''")
    reopened_count: int
    extension_request: ExtensionRequestView | None
    review: StaffReview
    reviewer_contact: ReviewerContact | None


class RectificationList(BaseModel):
    items: list[RectificationView]


def my_review(review: Review) -> MyReview:
    rect: Rectification | None = review.rectification  # type: ignore[assignment]
    progress = None
    if rect is not None:
        progress = RectificationProgress(
            state=rect.state.value,
            due_at=rect.due_at,
            extension_reason=rect.extension_reason,
            rectified_at=rect.rectified_at,
            rectification_summary=rect.rectification_summary,
        )
    return MyReview(
        id=review.id,
        subject_type=review.subject_type.value,
        subject_id=review.subject_id,
        item_name=review.item_name,
        channel=review.channel.value,
        grade=review.grade.value,
        grade_label=LABELS[review.grade],
        scores=review.scores,
        tags=review.tags,
        text=review.text,
        invalid=review.invalid,
        created_at=review.created_at,
        rectification=progress,
    )


def pending(invitation: ReviewInvitation) -> PendingInvitation:
    return PendingInvitation(
        subject_type=invitation.subject_type.value,
        subject_id=invitation.subject_id,
        item_name=invitation.item_name,
        invited_at=invitation.invited_at,
    )


def staff_review(review: Review) -> StaffReview:
    return StaffReview(
        id=review.id,
        subject_type=review.subject_type.value,
        subject_id=review.subject_id,
        item_id=review.item_id,  # type: ignore[attr-defined]
        item_name=review.item_name,
        hall_id=review.hall_id,  # type: ignore[attr-defined]
        department_id=review.department_id,  # type: ignore[attr-defined]
        channel=review.channel.value,
        grade=review.grade.value,
        grade_label=LABELS[review.grade],
        scores=review.scores,
        tags=review.tags,
        text=review.text,
        real_name=review.real_name,
        invalid=review.invalid,
        created_at=review.created_at,
    )


def extension_view(ext: RectificationExtension | None) -> ExtensionRequestView | None:
    if ext is None:
        return None
    return ExtensionRequestView(
        working_days=ext.working_days,
        reason=ext.reason,
        state=ext.state.value,
        requested_at=ext.requested_at,
        decide_by=ext.decide_by,
        decided_at=ext.decided_at,
        decision_note=ext.decision_note,
    )


def rectification_view(
    principal: Principal,
    rect: Rectification,
    review: Review,
    extension: RectificationExtension | None = None,
) -> RectificationView:
    contact = None
    if may_contact(principal, rect):
        contact = ReviewerContact(
            name=mask_name(review.contact_name) or None,
            phone=mask_phone(review.contact_phone) or None,
        )
    return RectificationView(
        id=rect.id,
        department_id=rect.department_id,  # type: ignore[attr-defined]
        state=rect.state.value,
        classification=rect.classification.value if rect.classification else None,
        real_name=rect.real_name,
        due_at=rect.due_at,
        limit_working_days=rect.limit_working_days,
        contacted_at=rect.contacted_at,
        invalid_reason=rect.invalid_reason,
        invalid_approved=rect.invalid_approved,
        invalid_decision_note=rect.invalid_decision_note,
        extension_days=rect.extension_days,
        extension_reason=rect.extension_reason,
        rectified_at=rect.rectified_at,
        rectified_on_time=rect.rectified_on_time,
        rectification_summary=rect.rectification_summary,
        callback_at=rect.callback_at,
        callback_satisfied=rect.callback_satisfied,
        closed_at=rect.closed_at,
        callback_outcome=rect.callback_outcome,
        reopened_count=rect.reopened_count,
        extension_request=extension_view(extension),
        review=staff_review(review),
        reviewer_contact=contact,
    )
