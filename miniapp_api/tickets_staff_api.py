"""Tickets for the intake office and departments: screening, assignment, return, extensions,
replies, closure, merging, urging and the department queue."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import CALENDAR, SETTINGS
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from miniapp_api.tickets_api import TicketIdParams, _detail
from miniapp_api.tickets_views import ExtensionView, TicketList, TicketView, summary
from models.people import StaffRole
from models.tickets import Closure, RefusalReason, TicketState, Urgency
from workflows.authz import Principal
from workflows.tickets import assignment, extensions, handling, merging, reading
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.urging import UrgingMethod, urge_ticket

table = OperationTable()
TAGS = ("tickets",)
INTAKE = (StaffRole.SUPERVISOR,)
HANDLING = (StaffRole.HANDLER, StaffRole.SUPERVISOR)
Text = Field(min_length=1, max_length=2000)


class ScreenIn(BaseModel):
    accept: bool
    urgency: Urgency | None = None
    refusal_reason: RefusalReason | None = None
    note: str = Field(default="", max_length=2000)
    department_id: RowId | None = None


class AssignIn(BaseModel):
    department_id: RowId


class ReasonIn(BaseModel):
    reason: str = Text


class ExtensionIn(BaseModel):
    working_days: int = Field(ge=1, le=60)
    reason: str = Text


class ExtensionIdParams(BaseModel):
    extension_id: RowId


class DecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    late_explanation: str = Field(default="", max_length=2000)


class CloseIn(BaseModel):
    closure: Closure
    summary: str = Field(min_length=1, max_length=5000)
    late_explanation: str = Field(default="", max_length=2000)


class MergeIn(BaseModel):
    duplicate_ids: list[RowId] = Field(min_length=1, max_length=20)


class UrgeIn(BaseModel):
    method: UrgingMethod = UrgingMethod.ONLINE
    note: str = Text


class DepartmentQuery(BaseModel):
    state: TicketState | None = None
    department_id: RowId | None = None
    offset: int = Field(default=0, ge=0, le=100_000)


def _now() -> datetime:
    return datetime.now(UTC)


def _op(
    method: str, path: str, operation_id: str, summary_: str, roles: tuple[StaffRole, ...], **kwargs
):  # type: ignore[no-untyped-def]
    return table.operation(
        method,
        path,
        operation_id=operation_id,
        tags=TAGS,
        audience="staff",
        roles=roles,
        summary=summary_,
        errors=(401, 403, 404, 409, 422),
        **kwargs,
    )


@_op(
    "POST",
    "/api/tickets/{ticket_id}/screening",
    "screenTicket",
    "Accept (with urgency, optionally assigning) or refuse with an art. 31 reason",
    INTAKE,
    path_params=TicketIdParams,
    body=ScreenIn,
    response=TicketView,
)
async def screen(
    request: web.Request, principal: Principal, params: TicketIdParams, body: ScreenIn
) -> TicketView:
    decision = Screening(**body.model_dump())
    await screen_ticket(
        principal,
        params.ticket_id,
        decision,
        request.app[SETTINGS].tickets,
        await request.app[CALENDAR].current(),
        _now(),
    )
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/assignment",
    "assignTicket",
    "Assign an accepted or returned ticket to a department",
    INTAKE,
    path_params=TicketIdParams,
    body=AssignIn,
    response=TicketView,
)
async def assign(
    request: web.Request, principal: Principal, params: TicketIdParams, body: AssignIn
) -> TicketView:
    await assignment.assign_ticket(
        principal,
        params.ticket_id,
        body.department_id,
        request.app[SETTINGS].tickets,
        await request.app[CALENDAR].current(),
        _now(),
    )
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/return",
    "returnTicket",
    "Return a ticket that is not the department's, within 1 working day",
    HANDLING,
    path_params=TicketIdParams,
    body=ReasonIn,
    response=TicketView,
)
async def return_(
    request: web.Request, principal: Principal, params: TicketIdParams, body: ReasonIn
) -> TicketView:
    await assignment.return_ticket(principal, params.ticket_id, body.reason, _now())
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/extensions",
    "requestExtension",
    "Ask once, before the due time, for up to the original limit more",
    HANDLING,
    path_params=TicketIdParams,
    body=ExtensionIn,
    response=ExtensionView,
    status=201,
)
async def request_extension(
    request: web.Request, principal: Principal, params: TicketIdParams, body: ExtensionIn
) -> ExtensionView:
    extension = await extensions.request_extension(
        principal, params.ticket_id, body.working_days, body.reason, _now()
    )
    return ExtensionView.model_validate(extension, from_attributes=True)


@_op(
    "POST",
    "/api/ticket-extensions/{extension_id}/decision",
    "decideExtension",
    "Approve or reject an extension request",
    INTAKE,
    path_params=ExtensionIdParams,
    body=DecisionIn,
    response=ExtensionView,
)
async def decide_extension(
    request: web.Request, principal: Principal, params: ExtensionIdParams, body: DecisionIn
) -> ExtensionView:
    extension = await extensions.decide_extension(
        principal,
        params.extension_id,
        body.approve,
        body.note,
        await request.app[CALENDAR].current(),
        _now(),
    )
    return ExtensionView.model_validate(extension, from_attributes=True)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/replies",
    "replyTicket",
    "Reply to the citizen (an inquiry past its limit needs an explanation)",
    HANDLING,
    path_params=TicketIdParams,
    body=ReplyIn,
    response=TicketView,
    status=201,
)
async def reply(
    request: web.Request, principal: Principal, params: TicketIdParams, body: ReplyIn
) -> TicketView:
    await handling.reply_ticket(
        principal, params.ticket_id, body.text, body.late_explanation, _now()
    )
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/closure",
    "closeTicket",
    "Close as resolved, or as invalid (unverifiable or untrue)",
    HANDLING,
    path_params=TicketIdParams,
    body=CloseIn,
    response=TicketView,
)
async def close(
    request: web.Request, principal: Principal, params: TicketIdParams, body: CloseIn
) -> TicketView:
    await handling.close_ticket(
        principal,
        params.ticket_id,
        body.closure,
        body.summary,
        body.late_explanation,
        request.app[SETTINGS].tickets,
        await request.app[CALENDAR].current(),
        _now(),
    )
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/merge",
    "mergeTickets",
    "Merge duplicates of the same citizen into this ticket",
    INTAKE,
    path_params=TicketIdParams,
    body=MergeIn,
    response=TicketView,
)
async def merge(
    request: web.Request, principal: Principal, params: TicketIdParams, body: MergeIn
) -> TicketView:
    await merging.merge_tickets(principal, params.ticket_id, body.duplicate_ids, _now())
    return await _detail(principal, params.ticket_id)


@_op(
    "POST",
    "/api/tickets/{ticket_id}/urging",
    "urgeTicket",
    "Send an urging notice (督办) to the handling department",
    INTAKE,
    path_params=TicketIdParams,
    body=UrgeIn,
    response=TicketView,
)
async def urge(
    request: web.Request, principal: Principal, params: TicketIdParams, body: UrgeIn
) -> TicketView:
    await urge_ticket(principal, params.ticket_id, body.method, body.note, _now())
    return await _detail(principal, params.ticket_id)


@_op(
    "GET",
    "/api/staff/tickets",
    "listDepartmentTickets",
    "The department's tickets by due time; supervisors see all",
    (*HANDLING, StaffRole.CLERK),
    query=DepartmentQuery,
    response=TicketList,
)
async def department_list(
    request: web.Request, principal: Principal, query: DepartmentQuery
) -> TicketList:
    tickets = await reading.list_department(
        principal, query.state, query.department_id, query.offset
    )
    return TicketList(items=[summary(t) for t in tickets])
