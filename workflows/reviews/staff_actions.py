"""One rectification for a staff page, and which of the department's steps its viewer may take
now: the checks of department.py (state, contacted first, one invalid request), so a page offers
only forms that would succeed. The step functions still check everything."""

from __future__ import annotations

from enum import StrEnum

from core.errors import NotFound
from models.people import StaffRole
from models.reviews import Rectification, RectificationState, Review
from workflows.authz import Principal

S = RectificationState


class RectAction(StrEnum):
    CONTACT = "contact"  # 联系核实: record a try to reach the reviewer
    CLASSIFY = "classify"  # 定性: simple or complex
    INVALID = "invalid"  # 申请无效差评: untrue, mistaken or malicious
    COMPLETE = "complete"  # 整改完成


async def rectification_for(principal: Principal, rect_id: int) -> tuple[Rectification, Review]:
    """The rectification and its review, for staff of its department or supervisors over it;
    anyone else is told it does not exist (as require_rectifier does)."""
    rect = await Rectification.get_or_none(id=rect_id)
    department_id = rect.department_id if rect else None  # type: ignore[attr-defined]
    if rect is None or not principal.may_see_department(department_id):
        raise NotFound("no such rectification")
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    return rect, review


def available_actions(principal: Principal, rect: Rectification) -> list[RectAction]:
    rectifier = (
        principal.is_staff
        and principal.has_role(StaffRole.HANDLER)
        and principal.department_id == rect.department_id  # type: ignore[attr-defined]
    )
    if not rectifier:
        return []
    actions = []
    if rect.state in (S.OPEN, S.RECTIFYING):
        actions.append(RectAction.CONTACT)
    if rect.state == S.OPEN and rect.contacted_at is not None:
        actions.append(RectAction.CLASSIFY)
        if rect.invalid_approved is not False:
            actions.append(RectAction.INVALID)
    if rect.state == S.RECTIFYING:
        actions.append(RectAction.COMPLETE)
    return actions
