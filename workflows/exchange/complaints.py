"""Complaints dispatched down from the provincial 12345 or the national platform (seed 002 art.
28): each becomes a ticket with that platform's number and deadline, assigned at once to the
department named (the platform did the intake), inside the art. 33 return window. Every reply,
return, extension and closure goes back (workflows/exchange/events.py).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import NotFound, ValidationFailed
from core.settings import Settings
from models.catalog import ServiceItem
from models.exchange import DispatchedComplaint
from models.people import Citizen, Department
from models.tickets import ContactPreference, Ticket, TicketState, Urgency
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar
from workflows.exchange.inbound_map import ProvinceComplaintIn, deadline_of, ticket_column
from workflows.outbox import enqueue
from workflows.supervision import deadlines
from workflows.tickets.records import SUBJECT, department_notice, public_title, snapshot, step
from workflows.tickets.rules import limit_for, utc, working_due


def platform_openid(source: str) -> str:
    """The account a platform's tickets are filed under (it has no WeChat: nothing is sent)."""
    return f"exchange:{source}"


async def _intake(code: str, department: Department) -> int:
    if code:
        office = await Department.get_or_none(code=code)
        if office is not None:
            return office.id
    return department.parent_id or department.id  # type: ignore[attr-defined]


async def receive_complaint(
    incoming: ProvinceComplaintIn,
    settings: Settings,
    calendar: WorkingCalendar,
    now: datetime,
    request_id: str = "",
) -> tuple[Ticket, bool]:
    """The ticket, and whether it was new (a repeated dispatch returns the first one)."""
    now = utc(now)
    actor = Actor.system(request_id)
    local_code = settings.exchange.local_department(incoming.department_code)
    department = await Department.get_or_none(code=local_code)
    if department is None:
        raise NotFound("the department named is not ours", code="unknown_department")
    intake = await _intake(settings.exchange.intake_department, department)
    if incoming.item_code and not await ServiceItem.exists(code=incoming.item_code):
        raise NotFound("no item with this provincial code", code="unknown_provincial_code")
    due_at = utc(deadline_of(incoming))
    if due_at <= now:
        raise ValidationFailed(
            "the deadline has passed", code="deadline_passed", fields={"deadline": "in the past"}
        )
    async with in_transaction():
        known = await DispatchedComplaint.get_or_none(
            source=incoming.source, external_no=incoming.external_no
        )
        if known is not None:
            return await Ticket.get(id=known.ticket_id), False  # type: ignore[attr-defined]
        citizen, _ = await Citizen.get_or_create(openid=platform_openid(incoming.source.value))
        column = ticket_column(incoming)
        ticket = await Ticket.create(
            citizen=citizen, column=column, title=incoming.title, content=incoming.content,
            item_code=incoming.item_code or "", case_no=incoming.case_no or "",
            contact_name=incoming.contact_name, contact_phone=incoming.contact_phone,
            contact_preference=(ContactPreference.PHONE if incoming.contact_phone
                                else ContactPreference.IN_APP),
            confidential=incoming.confidential, state=TicketState.ACCEPTED,
            intake_department_id=intake,
            urgency=Urgency.ORDINARY, screened_at=now, accepted_at=now, due_at=due_at,
            limit_working_days=limit_for(settings.tickets, column, None),
        )  # fmt: skip
        await step(ticket, actor, "submitted", now, text=incoming.content,
                   audit_note=f"{incoming.source.value} {incoming.external_no}")  # fmt: skip
        await DispatchedComplaint.create(
            ticket=ticket, source=incoming.source, external_no=incoming.external_no,
            external_due_at=due_at, received_at=now,
        )  # fmt: skip
        before = snapshot(ticket)
        ticket.state = TicketState.ASSIGNED
        ticket.assigned_department_id, ticket.assigned_at = department.id, now  # type: ignore[attr-defined]
        ticket.return_due_at = working_due(calendar, now, settings.tickets.return_window_days)
        await ticket.save()
        await deadlines.watch(
            SUBJECT, ticket.id, department_id=department.id, title=public_title(ticket),
            started_at=now, due_at=due_at, limit_working_days=ticket.limit_working_days or 0,
        )  # fmt: skip
        entry = await step(ticket, actor, "assigned", now, before=before,
                           department_id=department.id, text=department.name)  # fmt: skip
        await enqueue(
            [department_notice(ticket, department.id, "assigned", entry.id,
                               due_at=due_at.isoformat(),
                               return_due_at=ticket.return_due_at.isoformat())]
        )  # fmt: skip
        await record_change(
            actor, "exchange.complaint_received", SUBJECT, ticket.id,
            after={"source": incoming.source.value, "external_no": incoming.external_no,
                   "department": department.code, "due_at": due_at.isoformat()},
        )  # fmt: skip
    return ticket, True
