"""Electronic supervision for staff: operations listCards, acknowledgeCard, urgeMatter."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.operations import OperationTable
from miniapp_api.supervision.schemas import (
    CardPageOut,
    CardParams,
    CardQuery,
    CardView,
    DeadlineParams,
    DepartmentCounts,
    UrgeMatterIn,
    UrgingView,
)
from models.people import StaffRole
from models.supervision import SupervisionCard
from workflows.authz import Principal
from workflows.protection.admins import WORKING_ROLES
from workflows.supervision import actions as supervision_actions

# Every role but the security and audit administrators (三员分立: they do only their own work).
ANY_STAFF = WORKING_ROLES


def _card(card: SupervisionCard) -> CardView:
    deadline = card.deadline
    return CardView(
        id=card.id,
        colour=card.colour,
        deadline_id=deadline.id,
        department_id=card.department_id,  # type: ignore[attr-defined]
        subject_type=deadline.subject_type,
        subject_id=deadline.subject_id,
        title=deadline.title,
        due_at=card.due_at,
        issued_at=card.issued_at,
        acknowledged_by=card.acknowledged_by_id,  # type: ignore[attr-defined]
        acknowledged_at=card.acknowledged_at,
        cleared_at=card.cleared_at,
    )


table = OperationTable(tags=("supervision",), audience="staff", roles=ANY_STAFF)


@table.get("/api/supervision/cards", "listCards", errors=(404,))
async def list_cards(principal: Principal, query: CardQuery) -> CardPageOut:
    """Yellow and red cards (supervisors: every department; staff: their own)"""
    page = await supervision_actions.list_cards(
        principal,
        colour=query.colour,
        open_only=query.open,
        department_id=query.department_id,
        limit=query.limit,
        offset=query.offset,
    )
    return CardPageOut(
        items=[_card(card) for card in page.cards],
        total=page.total,
        open_counts=[
            DepartmentCounts(department_id=d, **counts)
            for d, counts in sorted(page.open_counts.items())
        ],
    )


@table.post("/api/supervision/cards/{card_id}/acknowledge", "acknowledgeCard", errors=(404,))
async def acknowledge_card(principal: Principal, params: CardParams, now: datetime) -> CardView:
    """Acknowledge a card of one's department"""
    card = await supervision_actions.acknowledge_card(principal, params.card_id, now)
    await card.fetch_related("deadline")
    return _card(card)


@table.post(
    "/api/supervision/deadlines/{deadline_id}/urgings",
    "urgeMatter",
    roles=(StaffRole.SUPERVISOR,),
    status=201,
    errors=(404, 409),
)
async def urge_matter(
    principal: Principal, params: DeadlineParams, body: UrgeMatterIn, now: datetime
) -> UrgingView:
    """Issue an urging notice (督办通知单) on a watched matter; it is recorded and sent"""
    urging = await supervision_actions.urge_matter(
        principal, params.deadline_id, body.message, body.respond_by, now
    )
    return UrgingView(
        id=urging.id,
        deadline_id=urging.deadline_id,  # type: ignore[attr-defined]
        department_id=urging.department_id,  # type: ignore[attr-defined]
        issued_by=urging.issued_by_id,  # type: ignore[attr-defined]
        message=urging.message,
        respond_by=urging.respond_by,
        created_at=urging.created_at,
    )
