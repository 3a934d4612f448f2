"""Urging (督办) by the service management office: online, in writing or by phone (art. 30)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from tortoise.transactions import in_transaction

from core.errors import Conflict
from models.tickets import Ticket, TicketState
from workflows.authz import Principal, require_role
from workflows.outbox import enqueue
from workflows.tickets import access
from workflows.tickets.records import department_notice, step
from workflows.tickets.rules import utc


class UrgingMethod(StrEnum):
    ONLINE = "online"
    WRITTEN = "written"
    PHONE = "phone"


URGEABLE = frozenset({TicketState.ASSIGNED, TicketState.IN_HANDLING})


async def urge_ticket(
    principal: Principal, ticket_id: int, method: UrgingMethod, note: str, now: datetime
) -> Ticket:
    now = utc(now)
    require_role(principal, *access.INTAKE_ROLES)
    async with in_transaction():
        ticket = await access.load(ticket_id, for_update=True)
        access.require_supervisor_reach(principal, ticket)
        if ticket.state not in URGEABLE or ticket.assigned_department_id is None:
            raise Conflict(
                "only a ticket with a department can be urged", code="ticket_not_urgeable"
            )
        entry = await step(
            ticket,
            principal.actor,
            "urged",
            now,
            text=f"[{method.value}] {note}",
            department_id=ticket.assigned_department_id,
            visible_to_citizen=False,
        )
        await enqueue(
            [
                department_notice(
                    ticket,
                    ticket.assigned_department_id,
                    "urged",
                    entry.id,
                    method=method.value,
                    note=note,
                )
            ]
        )
    return ticket
