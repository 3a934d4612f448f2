"""The department answers and closes a ticket (seed 002 arts. 29, 32, 34; 000 §二(四))."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.settings import TicketSettings
from models.tickets import Closure, Ticket, TicketColumn, TicketState
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.assignment import accept_by_acting
from workflows.tickets.callbacks import open_visit
from workflows.tickets.records import (
    SUBJECT,
    citizen_notice,
    merged_author_notices,
    snapshot,
    step,
)
from workflows.tickets.rules import CALLBACK_COLUMNS, utc

HANDLEABLE = frozenset({TicketState.ASSIGNED, TicketState.IN_HANDLING})


async def _handleable(principal: Principal, ticket_id: int) -> Ticket:
    ticket = await access.for_department(principal, ticket_id)
    if ticket.state not in HANDLEABLE:
        raise Conflict("this ticket is not being handled", code="ticket_not_in_handling")
    return ticket


async def _explain_if_late(
    principal: Principal, ticket: Ticket, explanation: str, now: datetime
) -> str:
    """An inquiry answered after its limit must tell the citizen why (seed 000 §二(四))."""
    late = ticket.due_at is not None and now > ticket.due_at
    if not (late and ticket.column == TicketColumn.CONSULT):
        return ""
    if not explanation.strip():
        raise Conflict(
            "this inquiry is past its time limit: tell the citizen why",
            code="late_explanation_required",
            fields={"late_explanation": "required for an inquiry answered late"},
        )
    await step(
        ticket,
        principal.actor,
        "delay_explained",
        now,
        text=explanation,
        department_id=principal.department_id,
    )
    return explanation


async def reply_ticket(
    principal: Principal, ticket_id: int, text: str, late_explanation: str, now: datetime
) -> Ticket:
    now = utc(now)
    async with in_transaction():
        ticket = await _handleable(principal, ticket_id)
        before = snapshot(ticket)
        await accept_by_acting(principal, ticket, now)
        await ticket.save()
        explanation = await _explain_if_late(principal, ticket, late_explanation, now)
        entry = await step(
            ticket,
            principal.actor,
            "replied",
            now,
            before=before,
            text=text,
            department_id=principal.department_id,
        )
        await enqueue([citizen_notice(ticket, "replied", entry.id, late_explanation=explanation)])
    return ticket


async def close_ticket(
    principal: Principal,
    ticket_id: int,
    closure: Closure,
    summary: str,
    late_explanation: str,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Ticket:
    now = utc(now)
    async with in_transaction():
        ticket = await _handleable(principal, ticket_id)
        before = snapshot(ticket)
        await accept_by_acting(principal, ticket, now)
        explanation = await _explain_if_late(principal, ticket, late_explanation, now)
        ticket.state, ticket.closure = TicketState.CLOSED, closure
        ticket.closure_summary, ticket.closed_at = summary, now
        await ticket.save()
        await deadlines.finish(SUBJECT, ticket.id, now)
        await step(
            ticket,
            principal.actor,
            f"closed_{closure.value}",
            now,
            before=before,
            text=summary,
            department_id=principal.department_id,
        )
        closed = {"closure": closure.value, "summary": summary, "late_explanation": explanation}
        await enqueue(
            [
                citizen_notice(ticket, "closed", ticket.reopen_count, **closed),
                *await merged_author_notices(ticket, "closed", ticket.reopen_count, **closed),
            ]
        )
        if ticket.column in CALLBACK_COLUMNS:
            await open_visit(ticket, settings, calendar, now)
    return ticket
