"""Tickets staff take down for a caller: 12345 by phone, a letter, a word at the window (seed 003).

The caller has no account here: the ticket has no citizen, its author is the caller's name and
phone (personal data: kept whole for handling and callbacks, masked in every view), and the
messages a citizen would get in the mini-program go to that phone by SMS (records.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import ValidationFailed
from core.settings import TicketSettings
from models.people import StaffRole
from models.tickets import ContactPreference, Ticket, TicketChannel, TicketColumn
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.tickets import screening
from workflows.tickets.records import step
from workflows.tickets.rules import utc

# The 12345 operators sit with the intake office; window clerks take down what is said at the hall.
REGISTERING_ROLES = (StaffRole.SUPERVISOR, StaffRole.CLERK)


@dataclass(frozen=True)
class TakenTicket:
    channel: TicketChannel
    column: TicketColumn
    title: str
    content: str
    caller_name: str
    caller_phone: str
    item_code: str = ""
    case_no: str = ""
    confidential: bool = False


async def register_ticket(
    principal: Principal,
    taken: TakenTicket,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Ticket:
    require_role(principal, *REGISTERING_ROLES)
    if taken.channel == TicketChannel.WECHAT:
        raise ValidationFailed(
            "WeChat tickets are opened by the citizen in the mini-program",
            code="channel_not_registrable",
            fields={"channel": "not wechat"},
        )
    if not taken.caller_phone:
        raise ValidationFailed(
            "the caller's phone is needed to tell them of progress",
            code="caller_phone_required",
            fields={"caller_phone": "required"},
        )
    now = utc(now)
    async with in_transaction():
        ticket = await Ticket.create(
            citizen_id=None,
            channel=taken.channel,
            registered_by_id=principal.id,
            column=taken.column,
            title=taken.title,
            content=taken.content,
            item_code=taken.item_code,
            case_no=taken.case_no,
            contact_name=taken.caller_name,
            contact_phone=taken.caller_phone,
            contact_preference=ContactPreference.PHONE,
            confidential=taken.confidential,
        )
        await step(
            ticket,
            principal.actor,
            "submitted",
            now,
            text=taken.content,
            department_id=principal.department_id,
            audit_note=f"registered from {taken.channel.value}",
        )
        await screening.watch_screening(ticket, settings, calendar, now)
    return ticket
