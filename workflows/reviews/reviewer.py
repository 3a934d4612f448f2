"""Telling the reviewer (art. 37(2)-(4)): in the mini-program when the review has a citizen, else
by SMS to a walk-in applicant who agreed at the window to texts about the case. A reviewer with
neither (a rating at a hall device) cannot be told; the caller records that it tried."""

from __future__ import annotations

from typing import Any

from models.cases import Case, CaseChannel, CaseContactConsent, ConsentScope
from models.outbox import RecipientType
from models.reviews import Rectification, Review, SubjectType
from workflows.outbox import Notice, by_sms, notice_key
from workflows.reviews import rectification as r


async def texted_case(review: Review) -> int | None:
    """The window case whose applicant can be texted about this review, if any."""
    if review.subject_type != SubjectType.CASE:
        return None
    case = await Case.get_or_none(id=review.subject_id).only("id", "channel", "applicant_phone")
    if case is None or case.channel != CaseChannel.WINDOW or not case.applicant_phone:
        return None
    consent = await CaseContactConsent.filter(
        case_id=case.id, scope=ConsentScope.CASE_NOTICES, withdrawn_at=None
    ).exists()
    return case.id if consent else None


async def reachable(review: Review) -> bool:
    return review.citizen_id is not None or await texted_case(review) is not None  # type: ignore[attr-defined]


async def reviewer_notices(
    review: Review, rect: Rectification, event: str, **data: Any
) -> list[Notice]:
    if review.citizen_id is not None:  # type: ignore[attr-defined]
        return [r.citizen_notice(review, rect, event, **data)]
    case_id = await texted_case(review)
    if case_id is None:
        return []
    return [
        by_sms(
            notice_key(r.SUBJECT, rect.id, event, "applicant", case_id),
            RecipientType.CASE_APPLICANT,
            case_id,
            f"review_{event}",
            {"item_name": review.item_name, "review_id": review.id, **data},
            subject_type=r.SUBJECT,
            subject_id=rect.id,
        )
    ]
