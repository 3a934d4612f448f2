"""Tickets as the citizen and every caller see them: createTicket, listMyTickets, getTicket,
addTicketMessage."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.tickets.present import (
    TicketList,
    TicketView,
    summary,
    ticket_detail,
    ticket_view,
)
from miniapp_api.tickets.schemas import CreateTicketIn, MessageIn, PageQuery, TicketIdParams
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets.intake import NewTicket, add_message, create_ticket
from workflows.tickets.reading import list_mine

TAGS = ("tickets",)
Attachments = list[str]


table = OperationTable(tags=TAGS, audience="citizen")


@table.post("/api/tickets", "createTicket", status=201)
async def create(
    principal: Principal,
    body: CreateTicketIn,
    now: datetime,
    settings: Settings,
    calendar: WorkingCalendar,
) -> TicketView:
    """Open an inquiry, complaint or suggestion"""
    new = NewTicket(**body.model_dump())
    return ticket_view(await create_ticket(principal, new, now, settings.tickets, calendar))


@table.get("/api/tickets/mine", "listMyTickets")
async def mine(principal: Principal, query: PageQuery) -> TicketList:
    """The caller's own tickets, newest first"""
    return TicketList(items=[summary(t) for t in await list_mine(principal, query.offset)])


@table.get("/api/tickets/{ticket_id}", "getTicket", audience="any", errors=(404,))
async def get_one(principal: Principal, params: TicketIdParams) -> TicketView:
    """One ticket with its timeline (redacted where the caller may not read it)"""
    return await ticket_detail(principal, params.ticket_id)


@table.post(
    "/api/tickets/{ticket_id}/messages",
    "addTicketMessage",
    audience="any",
    status=201,
    errors=(404, 409),
)
async def message(
    principal: Principal, params: TicketIdParams, body: MessageIn, now: datetime
) -> TicketView:
    """Citizen: add information; handling staff: add an internal note"""
    await add_message(principal, params.ticket_id, body.text, body.attachments, now)
    return await ticket_detail(principal, params.ticket_id)
