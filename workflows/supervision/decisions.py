"""What waits for a supervisor's decision (待决事项), within their region:

- ticket extension requests (延期申请, seed 002 art. 32(5)), decided by tickets/extensions.py;
- rectification extension requests (整改延期, art. 37(3)), decided by reviews/extensions.py;
- invalid-review requests (差评无效申请, art. 37(2)), decided by reviews/office.py.

Read-only: the deciding functions check scope and state again when the supervisor acts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Subquery

from models.people import StaffRole
from models.review_channels import ExtensionState as RectExtensionState
from models.review_channels import RectificationExtension
from models.reviews import Rectification, RectificationState
from models.tickets import ExtensionState, Ticket, TicketExtension
from workflows.authz import Principal, require_role
from workflows.tickets import access
from workflows.tickets.records import public_title

LIMIT = 200  # per kind; the oldest first, so the longest waiting is never cut off


@dataclass(frozen=True)
class TicketExtensionRequest:
    id: int
    ticket_id: int
    title: str
    department_id: int | None
    working_days: int
    reason: str
    requested_at: datetime
    old_due_at: datetime


@dataclass(frozen=True)
class RectificationRequest:
    """An invalid-review request or a rectification extension request, by rectification."""

    rectification_id: int
    item_name: str
    department_id: int
    reason: str
    requested_at: datetime | None
    decide_by: datetime | None = None
    working_days: int | None = None
    classification: str = ""


@dataclass(frozen=True)
class PendingDecisions:
    ticket_extensions: list[TicketExtensionRequest]
    rectification_extensions: list[RectificationRequest]
    invalid_reviews: list[RectificationRequest]

    @property
    def count(self) -> int:
        return (
            len(self.ticket_extensions)
            + len(self.rectification_extensions)
            + len(self.invalid_reviews)
        )


async def pending_decisions(principal: Principal) -> PendingDecisions:
    require_role(principal, StaffRole.SUPERVISOR)
    return PendingDecisions(
        await _ticket_extensions(principal),
        await _rectification_extensions(principal),
        await _invalid_reviews(principal),
    )


async def _ticket_extensions(principal: Principal) -> list[TicketExtensionRequest]:
    rows = (
        await TicketExtension.filter(
            state=ExtensionState.PENDING, ticket_id__in=_tickets(principal)
        )
        .order_by("requested_at", "id")
        .limit(LIMIT)
        .prefetch_related("ticket")
    )
    return [
        TicketExtensionRequest(
            id=row.id,
            ticket_id=row.ticket.id,
            title=public_title(row.ticket),
            department_id=access.ticket_department(row.ticket),
            working_days=row.working_days,
            reason=row.reason,
            requested_at=row.requested_at,
            old_due_at=row.old_due_at,
        )
        for row in rows
        # The same reach decide_extension checks (the unassigned pool included).
        if access.supervisor_reaches(principal, row.ticket)
    ]


def _tickets(principal: Principal) -> Subquery:
    return Subquery(Ticket.filter(access.scope_query(principal)).values("id"))


async def _rectification_extensions(principal: Principal) -> list[RectificationRequest]:
    rects = Subquery(Rectification.filter(**principal.department_filter()).values("id"))
    rows = (
        await RectificationExtension.filter(
            state=RectExtensionState.PENDING, rectification_id__in=rects
        )
        .order_by("requested_at", "id")
        .limit(LIMIT)
        .prefetch_related("rectification__review")
    )
    return [
        RectificationRequest(
            rectification_id=row.rectification.id,
            item_name=row.rectification.review.item_name,
            department_id=row.rectification.department_id,  # type: ignore[attr-defined]
            reason=row.reason,
            requested_at=row.requested_at,
            decide_by=row.decide_by,
            working_days=row.working_days,
        )
        for row in rows
    ]


async def _invalid_reviews(principal: Principal) -> list[RectificationRequest]:
    rows = (
        await Rectification.filter(
            state=RectificationState.INVALID_REQUESTED, **principal.department_filter()
        )
        .order_by("invalid_requested_at", "id")
        .limit(LIMIT)
        .prefetch_related("review")
    )
    return [
        RectificationRequest(
            rectification_id=row.id,
            item_name=row.review.item_name,
            department_id=row.department_id,  # type: ignore[attr-defined]
            reason=row.invalid_reason,
            requested_at=row.invalid_requested_at,
            classification=str(row.classification or ""),
        )
        for row in rows
    ]
