"""A ticket's page (诉求) with its timeline and one small form per step the viewer may take now;
each form posts to the same workflow function as the API operation of that step, and its input is
read through that operation's request model, so validation is identical."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from core.appkeys import CALENDAR, SETTINGS
from core.errors import NotFound
from miniapp_api.console.labels import (
    CLOSURE_LABELS,
    COLUMN_LABELS,
    REFUSAL_LABELS,
    STATE_LABELS,
    STEP_LABELS,
    URGENCY_LABELS,
)
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.fields import RowId
from miniapp_api.parsing import parse_model
from miniapp_api.tickets.present import ticket_view
from miniapp_api.tickets.schemas import (
    AssignIn,
    CloseIn,
    MergeIn,
    ReasonIn,
    ReplyIn,
    ScreenIn,
    TicketExtensionIn,
)
from models.tickets import Closure
from workflows import clock
from workflows.tickets import assignment, extensions, handling, merging
from workflows.tickets.actions import TicketAction, assignable_departments, available_actions
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.reading import get_ticket

routes = web.RouteTableDef()
ACTION_LABELS = {
    TicketAction.SCREEN: "甄别",
    TicketAction.ASSIGN: "交办",
    TicketAction.SIGN: "签收",
    TicketAction.RETURN: "退回",
    TicketAction.REPLY: "答复",
    TicketAction.EXTEND: "延期申请",
    TicketAction.CLOSE: "办结",
    TicketAction.MERGE: "合并",
}
# A step returns where to go next when that is not the ticket page (a returned ticket is gone).
Step = Callable[[web.Request, int, dict[str, str]], Awaitable[str | None]]


@routes.get("/tickets/{ticket_id}", name="console-ticket")
async def ticket_page(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    detail = await get_ticket(principal, row_id(request, "ticket_id"))
    actions = available_actions(principal, detail.ticket, detail.extensions, clock.utc_now())
    wants_departments = {TicketAction.SCREEN, TicketAction.ASSIGN} & set(actions)
    return page(
        request,
        "ticket.html",
        {
            "t": ticket_view(detail),
            "actions": actions,
            "action_labels": ACTION_LABELS,
            "departments": await assignable_departments(principal) if wants_departments else [],
            "states": STATE_LABELS,
            "columns": COLUMN_LABELS,
            "urgencies": URGENCY_LABELS,
            "refusals": REFUSAL_LABELS,
            "closures": CLOSURE_LABELS,
            "step_labels": STEP_LABELS,
        },
    )


@routes.post("/tickets/{ticket_id}/{action}", name="console-ticket-action")
async def ticket_action(request: web.Request) -> web.Response:
    ticket_id = row_id(request, "ticket_id")
    step = STEPS.get(request.match_info["action"])
    if step is None:
        raise NotFound("no such page")
    form = await check_form(request)
    target = await step(request, ticket_id, form)
    raise web.HTTPSeeOther(
        target or request.app.router["console-ticket"].url_for(ticket_id=str(ticket_id))
    )


def _filled(form: dict[str, str], *names: str) -> dict[str, Any]:
    """The named fields the user filled in; an empty one is left to the model's default."""
    return {name: form[name].strip() for name in names if form.get(name, "").strip()}


async def _screen(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    fields = _filled(form, "urgency", "refusal_reason", "note", "department_id")
    fields["accept"] = form.get("decision") == "accept"
    body = parse_model(ScreenIn, fields, "screening form")
    await screen_ticket(
        request[PRINCIPAL],
        ticket_id,
        Screening(**body.model_dump()),
        request.config_dict[SETTINGS].tickets,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    return None


async def _assign(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    body = parse_model(AssignIn, _filled(form, "department_id"), "assignment form")
    await assignment.assign_ticket(
        request[PRINCIPAL],
        ticket_id,
        body.department_id,
        request.config_dict[SETTINGS].tickets,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    return None


async def _sign(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    await assignment.accept_assignment(request[PRINCIPAL], ticket_id, clock.utc_now())
    return None


async def _return(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    body = parse_model(ReasonIn, {"reason": form.get("reason", "")}, "return form")
    await assignment.return_ticket(request[PRINCIPAL], ticket_id, body.reason, clock.utc_now())
    # Given back, the ticket is no longer the department's to see: back to the queue.
    return str(request.app.router["console-queue"].url_for().with_query(returned=str(ticket_id)))


async def _reply(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    fields = {"text": form.get("text", ""), **_filled(form, "late_explanation")}
    body = parse_model(ReplyIn, fields, "reply form")
    await handling.reply_ticket(
        request[PRINCIPAL], ticket_id, body.text, body.late_explanation, clock.utc_now()
    )
    return None


async def _extend(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    fields = {"reason": form.get("reason", ""), **_filled(form, "working_days")}
    body = parse_model(TicketExtensionIn, fields, "extension form")
    await extensions.request_extension(
        request[PRINCIPAL], ticket_id, body.working_days, body.reason, clock.utc_now()
    )
    return None


async def _close(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    fields = {"summary": form.get("summary", ""), **_filled(form, "closure", "late_explanation")}
    body = parse_model(CloseIn, fields, "closing form")
    await handling.close_ticket(
        request[PRINCIPAL],
        ticket_id,
        Closure(body.closure),
        body.summary,
        body.late_explanation,
        request.config_dict[SETTINGS].tickets,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    return None


class LeadIn(BaseModel):
    lead_id: RowId  # the ticket this one is the same matter as


async def _merge(request: web.Request, ticket_id: int, form: dict[str, str]) -> str | None:
    """This ticket joins the lead ticket named in the form: mergeTickets on the lead."""
    lead_id = parse_model(LeadIn, _filled(form, "lead_id"), "merge form").lead_id
    body = parse_model(MergeIn, {"duplicate_ids": [ticket_id]}, "merge form")
    await merging.merge_tickets(request[PRINCIPAL], lead_id, body.duplicate_ids, clock.utc_now())
    return None


STEPS: dict[str, Step] = {
    TicketAction.SCREEN.value: _screen,
    TicketAction.ASSIGN.value: _assign,
    TicketAction.SIGN.value: _sign,
    TicketAction.RETURN.value: _return,
    TicketAction.REPLY.value: _reply,
    TicketAction.EXTEND.value: _extend,
    TicketAction.CLOSE.value: _close,
    TicketAction.MERGE.value: _merge,
}
