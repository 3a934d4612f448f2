"""Tickets for the intake office and departments: screening, assignment, return, extensions,
replies, closure, merging, urging and the department queue."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.tickets.present import (
    ExtensionView,
    TicketList,
    TicketSummary,
    TicketView,
    summary,
    ticket_detail,
)
from miniapp_api.tickets.schemas import (
    AssignIn,
    CloseIn,
    DecisionIn,
    DepartmentQuery,
    ExtensionIdParams,
    MergeIn,
    ReasonIn,
    ReplyIn,
    ScreenIn,
    TicketExtensionIn,
    TicketIdParams,
    UrgeTicketIn,
)
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets import assignment, extensions, handling, merging, reading
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.urging import urge_ticket

TAGS = ("tickets",)
INTAKE = (StaffRole.SUPERVISOR,)
HANDLING = (StaffRole.HANDLER, StaffRole.SUPERVISOR)


table = OperationTable(tags=TAGS, audience="staff", roles=INTAKE)


@table.post("/api/tickets/{ticket_id}/screening", "screenTicket", errors=(404, 409))
async def screen(
    principal: Principal,
    params: TicketIdParams,
    body: ScreenIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> TicketView:
    """Accept (with urgency, optionally assigning) or refuse with an art. 31 reason"""
    decision = Screening(**body.model_dump())
    await screen_ticket(
        principal,
        params.ticket_id,
        decision,
        settings.tickets,
        calendar,
        now,
    )
    return await ticket_detail(principal, params.ticket_id)


@table.post("/api/tickets/{ticket_id}/assignment", "assignTicket", errors=(404, 409))
async def assign(
    principal: Principal,
    params: TicketIdParams,
    body: AssignIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> TicketView:
    """Assign an accepted or returned ticket to a department"""
    await assignment.assign_ticket(
        principal,
        params.ticket_id,
        body.department_id,
        settings.tickets,
        calendar,
        now,
    )
    return await ticket_detail(principal, params.ticket_id)


@table.post(
    "/api/tickets/{ticket_id}/acceptance", "acceptTicket", roles=HANDLING, errors=(404, 409)
)
async def accept(principal: Principal, params: TicketIdParams, now: datetime) -> TicketView:
    """Sign for an assigned ticket (签收): the department handles it, its return window ends"""
    await assignment.accept_assignment(principal, params.ticket_id, now)
    return await ticket_detail(principal, params.ticket_id)


@table.post("/api/tickets/{ticket_id}/return", "returnTicket", roles=HANDLING, errors=(404, 409))
async def return_(
    principal: Principal, params: TicketIdParams, body: ReasonIn, now: datetime
) -> TicketSummary:
    """Return a ticket that is not the department's, within 1 working day"""
    ticket = await assignment.return_ticket(principal, params.ticket_id, body.reason, now)
    # The department no longer sees the ticket it gave back: it gets the summary of what it
    # returned (its new state), and a confidential one's title stays hidden.
    return summary(ticket, content=not ticket.confidential)


@table.post(
    "/api/tickets/{ticket_id}/extensions",
    "requestExtension",
    roles=HANDLING,
    status=201,
    errors=(404, 409),
)
async def request_extension(
    principal: Principal, params: TicketIdParams, body: TicketExtensionIn, now: datetime
) -> ExtensionView:
    """Ask once, before the due time, for up to the original limit more"""
    extension = await extensions.request_extension(
        principal, params.ticket_id, body.working_days, body.reason, now
    )
    return ExtensionView.model_validate(extension, from_attributes=True)


@table.post("/api/ticket-extensions/{extension_id}/decision", "decideExtension", errors=(404, 409))
async def decide_extension(
    principal: Principal,
    params: ExtensionIdParams,
    body: DecisionIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> ExtensionView:
    """Approve or reject an extension request"""
    extension = await extensions.decide_extension(
        principal,
        params.extension_id,
        body.approve,
        body.note,
        calendar,
        now,
    )
    return ExtensionView.model_validate(extension, from_attributes=True)


@table.post(
    "/api/tickets/{ticket_id}/replies", "replyTicket", roles=HANDLING, status=201, errors=(404, 409)
)
async def reply(
    principal: Principal, params: TicketIdParams, body: ReplyIn, now: datetime
) -> TicketView:
    """Reply to the citizen (an inquiry past its limit needs an explanation)"""
    await handling.reply_ticket(principal, params.ticket_id, body.text, body.late_explanation, now)
    return await ticket_detail(principal, params.ticket_id)


@table.post("/api/tickets/{ticket_id}/closure", "closeTicket", roles=HANDLING, errors=(404, 409))
async def close(
    principal: Principal,
    params: TicketIdParams,
    body: CloseIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> TicketView:
    """Close as resolved, or as invalid (unverifiable or untrue)"""
    await handling.close_ticket(
        principal,
        params.ticket_id,
        body.closure,
        body.summary,
        body.late_explanation,
        settings.tickets,
        calendar,
        now,
    )
    return await ticket_detail(principal, params.ticket_id)


@table.post("/api/tickets/{ticket_id}/merge", "mergeTickets", errors=(404, 409))
async def merge(
    principal: Principal, params: TicketIdParams, body: MergeIn, now: datetime
) -> TicketView:
    """Merge the same matter raised by others or through other channels into this lead ticket"""
    await merging.merge_tickets(principal, params.ticket_id, body.duplicate_ids, now)
    return await ticket_detail(principal, params.ticket_id)


@table.post("/api/tickets/{ticket_id}/urging", "urgeTicket", errors=(404, 409))
async def urge(
    principal: Principal, params: TicketIdParams, body: UrgeTicketIn, now: datetime
) -> TicketView:
    """Send an urging notice (督办) to the handling department"""
    await urge_ticket(principal, params.ticket_id, body.method, body.note, now)
    return await ticket_detail(principal, params.ticket_id)


@table.get(
    "/api/staff/tickets",
    "listDepartmentTickets",
    roles=(*HANDLING, StaffRole.CLERK),
    errors=(404, 409),
)
async def department_list(principal: Principal, query: DepartmentQuery) -> TicketList:
    """The department's tickets by due time; supervisors see all"""
    tickets = await reading.list_department(
        principal, query.state, query.department_id, query.offset
    )
    return TicketList(items=[summary(t) for t in tickets])
