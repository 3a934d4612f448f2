"""A staff member's pending items (待办), most urgent first: what their roles let them act on.

- handlers and clerks: their department's open cases (handlers can accept those waiting);
- handlers: tickets their department is handling;
- callback visitors: callback visits due now;
- handlers and supervisors: open cards nobody has acknowledged (supervisors: every department).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.cases import Case, CaseStatus
from models.people import StaffRole
from models.tickets import Ticket, TicketState
from workflows.authz import Principal
from workflows.cases.machine import BEFORE_ACCEPTANCE, STATUS_LABELS
from workflows.supervision.actions import list_cards
from workflows.tickets import access
from workflows.tickets.callbacks import due_visits
from workflows.tickets.records import public_title

OPEN_CASES = (
    CaseStatus.SUBMITTED,
    CaseStatus.PRE_REVIEW,
    CaseStatus.ACCEPTED,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.APPROVED,
    CaseStatus.DENIED,
)
COLOUR_LABELS = {"yellow": "黄牌预警", "red": "红牌督办"}


@dataclass(frozen=True)
class PendingItem:
    kind: str  # case, ticket, callback_visit, supervision_card
    id: int
    title: str
    state: str
    due_at: datetime | None
    # Set when a card with buttons can act on it: the template and its data (the sender adds
    # the due time, formatted for the reader).
    card_template: str = ""
    card_data: dict[str, Any] = field(default_factory=dict)


async def pending_for(principal: Principal, now: datetime, limit: int = 20) -> list[PendingItem]:
    items: list[PendingItem] = []
    if principal.has_role(StaffRole.HANDLER, StaffRole.CLERK):
        items += await _cases(principal, limit)
    if principal.has_role(StaffRole.HANDLER):
        items += await _tickets(principal, limit)
    if principal.has_role(*access.CALLBACK_ROLES):
        items += await _visits(principal, now)
    if principal.has_role(StaffRole.HANDLER, StaffRole.SUPERVISOR):
        items += await _cards(principal, limit)
    far = datetime.max.replace(tzinfo=now.tzinfo)
    items.sort(key=lambda item: (item.due_at or far, item.kind, item.id))
    return items[:limit]


async def _cases(principal: Principal, limit: int) -> list[PendingItem]:
    rows = (
        await Case.filter(department_id=principal.department_id, status__in=OPEN_CASES)
        .order_by("due_at", "id")
        .limit(limit)
    )
    may_accept = principal.has_role(StaffRole.HANDLER)
    items = []
    for case in rows:
        acceptable = may_accept and case.status in BEFORE_ACCEPTANCE
        items.append(
            PendingItem(
                "case",
                case.id,
                f"{case.item_name} {case.case_no}",
                STATUS_LABELS[case.status],
                case.due_at,
                "bot_todo_case" if acceptable else "",
                {"case_id": case.id, "case_no": case.case_no, "item_name": case.item_name},
            )
        )
    return items


async def _tickets(principal: Principal, limit: int) -> list[PendingItem]:
    rows = (
        await Ticket.filter(
            assigned_department_id=principal.department_id,
            state__in=(TicketState.ASSIGNED, TicketState.IN_HANDLING),
        )
        .order_by("due_at", "id")
        .limit(limit)
    )
    label = {TicketState.ASSIGNED: "待接收", TicketState.IN_HANDLING: "办理中"}
    return [PendingItem("ticket", t.id, public_title(t), label[t.state], t.due_at) for t in rows]


async def _visits(principal: Principal, now: datetime) -> list[PendingItem]:
    items = []
    for visit in await due_visits(principal, now):
        title = public_title(visit.ticket)
        data = {"visit_id": visit.id, "title": title, "tries": visit.tries + 1}
        items.append(
            PendingItem(
                "callback_visit",
                visit.id,
                title,
                "待回访",
                visit.window_ends_at,
                "bot_todo_callback",
                data,
            )
        )
    return items


async def _cards(principal: Principal, limit: int) -> list[PendingItem]:
    page = await list_cards(
        principal, colour=None, open_only=True, department_id=None, limit=limit, offset=0
    )
    items = []
    for card in page.cards:
        if card.acknowledged_at is not None:
            continue
        label = COLOUR_LABELS[str(card.colour)]
        data = {
            "card_id": card.id,
            "title": card.deadline.title,
            "colour_label": label,
        }
        items.append(
            PendingItem(
                "supervision_card",
                card.id,
                card.deadline.title,
                label,
                card.due_at,
                "bot_todo_card",
                data,
            )
        )
    return items
