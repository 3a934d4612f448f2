"""Who sees which reviews and rectifications, and the one place a reviewer's contact shows.

The reviewer's identity is protected in every staff view (DOMAIN.md "Reviews") except the
rectifying department's contact step: its handlers, while the rectification is open.
"""

from __future__ import annotations

from core.errors import Conflict, NotFound
from core.masking import mask_phone
from models.people import StaffRole
from models.reviews import Rectification, RectificationState, Review, ReviewInvitation
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.reviews import rectification as r

S = RectificationState
OPEN_STATES = frozenset({S.OPEN, S.INVALID_REQUESTED, S.RECTIFYING, S.AWAITING_CALLBACK})
STAFF_ROLES = (
    StaffRole.HANDLER,
    StaffRole.SUPERVISOR,
    StaffRole.CALLBACK_VISITOR,
    StaffRole.ADMIN,
)


async def my_reviews(principal: Principal, limit: int) -> list[Review]:
    return (
        await Review.filter(citizen_id=principal.id)
        .order_by("-created_at", "-id")
        .limit(limit)
        .prefetch_related("rectification")
    )


async def my_pending_invitations(principal: Principal, limit: int) -> list[ReviewInvitation]:
    return (
        await ReviewInvitation.filter(citizen_id=principal.id, reviewed_at=None)
        .order_by("-invited_at", "-id")
        .limit(limit)
    )


async def list_rectifications(
    principal: Principal, state: RectificationState | None, limit: int
) -> list[Rectification]:
    require_role(principal, *STAFF_ROLES)
    query = Rectification.all()
    if principal.supervises:
        query = query.filter(**principal.department_filter())
    elif principal.has_role(StaffRole.HANDLER):
        query = query.filter(department_id=principal.department_id)
    else:  # callback visitors: the review office's callback queue, under their region
        query = query.filter(state__in=[S.AWAITING_CALLBACK, S.CLOSED])
        if principal.scope is not None:
            query = query.filter(department_id__in=sorted(principal.scope))
    if state is not None:
        query = query.filter(state=state)
    return await query.order_by("-created_at", "-id").limit(limit).prefetch_related("review")


def may_contact(principal: Principal, rect: Rectification) -> bool:
    return (
        principal.has_role(StaffRole.HANDLER)
        and principal.department_id == rect.department_id  # type: ignore[attr-defined]
        and rect.state in OPEN_STATES
    )


async def reveal_contact(principal: Principal, rect_id: int) -> Review:
    """The whole phone number, to dial it: for the contact step only, and every reveal audited."""
    rect = await Rectification.get_or_none(id=rect_id)
    if rect is None:
        raise NotFound("no such rectification")
    r.require_rectifier(principal, rect)
    if rect.state not in OPEN_STATES:
        raise Conflict("this rectification is finished", code="rectification_closed")
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    # Which number was shown (masked here), of which review: the audit admin can tell.
    await record_change(
        principal.actor,
        "rectification.contact_revealed",
        r.SUBJECT,
        rect.id,
        after={"review": review.id, "phone": mask_phone(review.contact_phone)},
    )
    return review
