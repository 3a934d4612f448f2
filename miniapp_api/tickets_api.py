"""Tickets as the citizen and every caller see them: createTicket, listMyTickets, getTicket,
addTicketMessage."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from miniapp_api.tickets_views import TicketList, TicketView, summary, ticket_view
from models.tickets import ContactPreference, TicketColumn
from workflows.authz import Principal
from workflows.tickets.intake import NewTicket, add_message, create_ticket
from workflows.tickets.reading import get_ticket, list_mine

TAGS = ("tickets",)
Attachments = list[str]


class TicketIdParams(BaseModel):
    ticket_id: RowId


class PageQuery(BaseModel):
    offset: int = Field(default=0, ge=0, le=100_000)


class CreateTicketIn(BaseModel):
    column: TicketColumn
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1, max_length=5000)
    attachments: list[str] = Field(default_factory=list, max_length=9)
    item_code: str = Field(default="", max_length=64)
    case_no: str = Field(default="", max_length=64)
    contact_name: str = Field(default="", max_length=50)
    contact_phone: str = Field(default="", pattern=r"^(|\+?[0-9][0-9-]{5,18})$")
    contact_preference: ContactPreference = ContactPreference.IN_APP
    anonymous: bool = False
    confidential: bool = Field(default=False, description="keep the content confidential")


class MessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    attachments: list[str] = Field(default_factory=list, max_length=9)


async def _detail(principal: Principal, ticket_id: int) -> TicketView:
    return ticket_view(await get_ticket(principal, ticket_id))


table = OperationTable(tags=TAGS, audience="citizen")


@table.post("/api/tickets", "createTicket", status=201)
async def create(principal: Principal, body: CreateTicketIn, now: datetime) -> TicketView:
    """Open an inquiry, complaint or suggestion"""
    ticket = await create_ticket(principal, NewTicket(**body.model_dump()), now)
    return await _detail(principal, ticket.id)


@table.get("/api/tickets/mine", "listMyTickets")
async def mine(principal: Principal, query: PageQuery) -> TicketList:
    """The caller's own tickets, newest first"""
    return TicketList(items=[summary(t) for t in await list_mine(principal, query.offset)])


@table.get("/api/tickets/{ticket_id}", "getTicket", audience="any", errors=(404,))
async def get_one(principal: Principal, params: TicketIdParams) -> TicketView:
    """One ticket with its timeline (redacted where the caller may not read it)"""
    return await _detail(principal, params.ticket_id)


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
    return await _detail(principal, params.ticket_id)
