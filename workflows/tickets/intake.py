"""Opening a ticket, the citizen adding to it, and intake screening (seed 002 arts. 29, 31-32)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from core.settings import TicketSettings
from models.people import Citizen, Department
from models.tickets import (
    ContactPreference,
    RefusalReason,
    Ticket,
    TicketColumn,
    TicketState,
    TicketTimelineEntry,
    Urgency,
)
from workflows import statements
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue
from workflows.supervision import deadlines
from workflows.tickets import access, intake_pg, screening
from workflows.tickets.assignment import assign_within
from workflows.tickets.reading import TicketDetail, opened_detail
from workflows.tickets.records import (
    SUBJECT,
    citizen_notice,
    department_notice,
    public_title,
    snapshot,
    step,
)
from workflows.tickets.rules import REFUSAL_TEXTS, limit_for, utc, working_due

OPEN_STATES = frozenset(
    {
        TicketState.SUBMITTED,
        TicketState.ACCEPTED,
        TicketState.ASSIGNED,
        TicketState.RETURNED,
        TicketState.IN_HANDLING,
    }
)


@dataclass(frozen=True)
class NewTicket:
    column: TicketColumn
    title: str
    content: str
    contact_preference: ContactPreference
    attachments: list[str] = field(default_factory=list)
    item_code: str = ""
    case_no: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    anonymous: bool = False
    confidential: bool = False


async def create_ticket(
    principal: Principal,
    new: NewTicket,
    now: datetime,
    settings: TicketSettings | None = None,
    calendar: WorkingCalendar | None = None,
) -> TicketDetail:
    """Open a ticket; with settings and calendar its screening is watched (screening.py).
    The answer is built from what was written, not read back."""
    now = utc(now)
    if new.contact_preference == ContactPreference.PHONE and not new.contact_phone:
        raise ValidationFailed(
            "a phone number is needed to be called",
            code="contact_phone_required",
            fields={"contact_phone": "required when contact_preference is phone"},
        )
    if new.anonymous and new.contact_preference == ContactPreference.PHONE:
        # Staff never see an anonymous author's contact, so nobody could call.
        raise ValidationFailed(
            "an anonymous ticket cannot ask to be called",
            code="anonymous_no_phone",
            fields={"contact_preference": "use in_app for an anonymous ticket"},
        )
    ticket = Ticket(citizen_id=principal.id, **new.__dict__)
    if statements.connection(Ticket).capabilities.dialect == "postgres":
        submitted = await intake_pg.open_ticket(principal, ticket, now, settings, calendar)
    else:
        submitted = await write_ticket(principal, ticket, now, settings, calendar)
    return await opened_detail(principal, ticket, submitted)


async def write_ticket(
    principal: Principal,
    ticket: Ticket,
    now: datetime,
    settings: TicketSettings | None,
    calendar: WorkingCalendar | None,
) -> TicketTimelineEntry:
    """The general path, statement by statement (intake_pg writes the same rows at once).
    Gives the "submitted" step."""
    async with in_transaction():
        ticket.author_id_hash = (
            await Citizen.filter(id=principal.id).first().values_list("id_number_hash", flat=True)
        )
        await ticket.save()
        submitted = await step(
            ticket,
            principal.actor,
            "submitted",
            now,
            text=ticket.content,
            attachments=ticket.attachments,
        )
        if settings is not None and calendar is not None:
            await screening.watch_screening(ticket, settings, calendar, now)
    return submitted


async def add_message(
    principal: Principal, ticket_id: int, text: str, attachments: list[str], now: datetime
) -> Ticket:
    """A citizen adds information; staff add an internal handling note."""
    now = utc(now)
    async with in_transaction():
        if principal.is_citizen:
            ticket = await access.for_citizen(principal, ticket_id)
        else:
            ticket = await access.for_department(principal, ticket_id)
        if ticket.state not in OPEN_STATES:
            raise Conflict("this ticket is no longer open", code="ticket_not_open")
        department_id = ticket.assigned_department_id or ticket.intake_department_id
        if principal.is_citizen:
            entry = await step(
                ticket, principal.actor, "info_added", now, text=text, attachments=attachments
            )
            if department_id is not None:
                await enqueue([department_notice(ticket, department_id, "info_added", entry.id)])
        else:
            await step(
                ticket,
                principal.actor,
                "note",
                now,
                text=text,
                attachments=attachments,
                department_id=principal.department_id,
                visible_to_citizen=False,
            )
    return ticket


@dataclass(frozen=True)
class Screening:
    accept: bool
    urgency: Urgency | None = None
    refusal_reason: RefusalReason | None = None
    note: str = ""
    department_id: int | None = None  # assign at once when accepting


async def screen_ticket(
    principal: Principal,
    ticket_id: int,
    decision: Screening,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Ticket:
    now = utc(now)
    if not decision.accept and decision.refusal_reason is None:
        raise ValidationFailed(
            "a refusal needs one of the reasons of art. 31",
            code="refusal_reason_required",
            fields={"refusal_reason": "required when accept is false"},
        )
    async with in_transaction():
        ticket = await access.for_intake(principal, ticket_id)
        if ticket.state != TicketState.SUBMITTED:
            raise Conflict("this ticket was already screened", code="ticket_already_screened")
        before = snapshot(ticket)
        await screening.finish_screening(ticket.id, now)
        ticket.screened_by_id, ticket.screened_at = principal.id, now
        ticket.intake_department_id = principal.department_id
        if not decision.accept:
            assert decision.refusal_reason is not None
            reason_text = REFUSAL_TEXTS[decision.refusal_reason]
            ticket.state, ticket.closed_at = TicketState.REFUSED, now
            ticket.refusal_reason, ticket.refusal_note = decision.refusal_reason, decision.note
            await ticket.save()
            await step(
                ticket,
                principal.actor,
                "refused",
                now,
                before=before,
                text=f"{reason_text}。{decision.note}".rstrip("。") + "。",
            )
            await enqueue(
                [
                    citizen_notice(
                        ticket,
                        "refused",
                        reason=decision.refusal_reason.value,
                        reason_text=reason_text,
                        note=decision.note,
                    )
                ]
            )
            return ticket
        ticket.state, ticket.urgency = TicketState.ACCEPTED, decision.urgency
        ticket.limit_working_days = limit_for(settings, ticket.column, decision.urgency)
        ticket.accepted_at = now
        ticket.due_at = working_due(calendar, now, ticket.limit_working_days)
        await ticket.save()
        await deadlines.watch(
            SUBJECT,
            ticket.id,
            department_id=principal.department_id,
            title=public_title(ticket),
            started_at=now,
            due_at=ticket.due_at,
            limit_working_days=ticket.limit_working_days,
        )
        await step(ticket, principal.actor, "accepted", now, before=before, text=decision.note)
        await enqueue([citizen_notice(ticket, "accepted", due_at=ticket.due_at.isoformat())])
        if decision.department_id is not None:
            department = await Department.get_or_none(id=decision.department_id)
            await assign_within(principal, ticket, department, settings, calendar, now)
    return ticket
