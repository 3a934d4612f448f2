"""Tickets as the citizen and every caller see them: createTicket, listMyTickets, getTicket,
addTicketMessage."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web
from pydantic import BaseModel, Field

from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from miniapp_api.tickets_views import TicketList, TicketView, summary, ticket_view
from models.tickets import ContactPreference, TicketColumn
from workflows.authz import Principal
from workflows.tickets.intake import NewTicket, add_message, create_ticket
from workflows.tickets.reading import get_ticket, list_mine

table = OperationTable()
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


@table.operation(
    "POST",
    "/api/tickets",
    operation_id="createTicket",
    tags=TAGS,
    audience="citizen",
    summary="Open an inquiry, complaint or suggestion",
    body=CreateTicketIn,
    response=TicketView,
    status=201,
    errors=(401, 403, 422),
)
async def create(request: web.Request, principal: Principal, body: CreateTicketIn) -> TicketView:
    ticket = await create_ticket(principal, NewTicket(**body.model_dump()), datetime.now(UTC))
    return await _detail(principal, ticket.id)


@table.operation(
    "GET",
    "/api/tickets/mine",
    operation_id="listMyTickets",
    tags=TAGS,
    audience="citizen",
    summary="The caller's own tickets, newest first",
    query=PageQuery,
    response=TicketList,
    errors=(401, 403, 422),
)
async def mine(request: web.Request, principal: Principal, query: PageQuery) -> TicketList:
    return TicketList(items=[summary(t) for t in await list_mine(principal, query.offset)])


@table.operation(
    "GET",
    "/api/tickets/{ticket_id}",
    operation_id="getTicket",
    tags=TAGS,
    audience="any",
    summary="One ticket with its timeline (redacted where the caller may not read it)",
    path_params=TicketIdParams,
    response=TicketView,
    errors=(401, 404, 422),
)
async def get_one(request: web.Request, principal: Principal, params: TicketIdParams) -> TicketView:
    return await _detail(principal, params.ticket_id)


@table.operation(
    "POST",
    "/api/tickets/{ticket_id}/messages",
    operation_id="addTicketMessage",
    tags=TAGS,
    audience="any",
    summary="Citizen: add information; handling staff: add an internal note",
    path_params=TicketIdParams,
    body=MessageIn,
    response=TicketView,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
async def message(
    request: web.Request, principal: Principal, params: TicketIdParams, body: MessageIn
) -> TicketView:
    await add_message(principal, params.ticket_id, body.text, body.attachments, datetime.now(UTC))
    return await _detail(principal, params.ticket_id)
