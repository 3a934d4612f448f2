"""One callback visit (回访): its page with the matter's history, the audited reveal of the
complainant's phone, and the outcome form — the same workflows as recordCallback and
revealCallbackContact, the same body (TicketCallbackIn) as the API takes."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import ValidationFailed
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.parsing import parse_model
from miniapp_api.tickets.present import task_view, ticket_view
from miniapp_api.tickets.schemas import TicketCallbackIn
from models.tickets import CallbackMethod, CallbackState, Satisfaction, TicketState
from workflows import clock
from workflows.tickets.callback_reading import tries_of, visit_for
from workflows.tickets.callbacks import CallbackOutcome, record_callback
from workflows.tickets.reading import get_ticket
from workflows.tickets.reveal import reveal_callback_contact

routes = web.RouteTableDef()
METHOD_LABELS = {
    CallbackMethod.PHONE: "电话",
    CallbackMethod.SMS: "短信",
    CallbackMethod.IN_APP: "小程序",
}
# The outcome as the visitor tells it; "unreached" is reached=false without a satisfaction.
OUTCOME_LABELS = {
    Satisfaction.SATISFIED.value: "满意",
    Satisfaction.BASICALLY_SATISFIED.value: "基本满意",
    Satisfaction.DISSATISFIED.value: "不满意（诉求将重新办理）",
    "unreached": "未联系上",
}
STATE_LABELS = {
    CallbackState.PENDING: "待回访",
    CallbackState.DONE: "已回访",
    CallbackState.UNREACHABLE: "无法联系（已结束）",
}
TICKET_STATE_LABELS = {
    TicketState.SUBMITTED: "待受理",
    TicketState.REFUSED: "不予受理",
    TicketState.ACCEPTED: "已受理",
    TicketState.ASSIGNED: "已分派",
    TicketState.RETURNED: "部门退回",
    TicketState.IN_HANDLING: "办理中",
    TicketState.CLOSED: "已办结",
    TicketState.MERGED: "已合并",
}
# Ticket timeline kinds (workflows/tickets), as a visitor reads them.
STEP_LABELS = {
    "submitted": "提交诉求",
    "accepted": "受理",
    "refused": "不予受理",
    "assigned": "分派办理部门",
    "returned": "部门退回",
    "deemed_accepted": "视为签收",
    "department_accepted": "部门签收",
    "info_added": "补充信息",
    "note": "内部备注",
    "replied": "答复",
    "urged": "督办催办",
    "delay_explained": "超期说明",
    "extension_requested": "申请延期",
    "extended": "延期获批",
    "extension_rejected": "延期未获批",
    "merged": "合并到其他诉求",
    "merged_in": "合并重复诉求",
    "closed_resolved": "办结（已解决）",
    "closed_invalid": "办结（无效诉求）",
    "callback_done": "回访完成",
    "callback_unreachable": "回访无法联系",
    "reopened": "重新办理",
}
SATISFACTION_TEXT = {
    Satisfaction.SATISFIED.value: "满意",
    Satisfaction.BASICALLY_SATISFIED.value: "基本满意",
    Satisfaction.DISSATISFIED.value: "不满意",
}


@routes.get("/callbacks/{visit_id}", name="console-callback")
async def visit_page(request: web.Request) -> web.Response:
    return await _visit_page(request, row_id(request, "visit_id"), revealed=None)


@routes.post("/callbacks/{visit_id}/contact-reveal", name="console-callback-reveal")
async def reveal(request: web.Request) -> web.Response:
    """The visit's page again, its phone number whole (audited, as revealCallbackContact)."""
    visit_id = row_id(request, "visit_id")
    await check_form(request)
    ticket = await reveal_callback_contact(request[PRINCIPAL], visit_id)
    return await _visit_page(request, visit_id, revealed=ticket.contact_phone)


async def _visit_page(request: web.Request, visit_id: int, revealed: str | None) -> web.Response:
    principal = request[PRINCIPAL]
    visit = await visit_for(principal, visit_id)
    detail = await get_ticket(principal, visit.ticket.id)
    if visit.ticket.confidential:  # as on the worklist (task_view): a callback needs no content
        detail = replace(detail, visibility=replace(detail.visibility, content=False))
    ticket = ticket_view(detail)
    return page(
        request,
        "callback.html",
        {
            "task": task_view(visit),
            "ticket": ticket,
            "tries": await tries_of(visit),
            "pending": visit.state == CallbackState.PENDING,
            "due": visit.next_try_at <= clock.utc_now(),
            "state_label": STATE_LABELS[visit.state],
            "revealed": revealed,
            "methods": METHOD_LABELS,
            "outcomes": OUTCOME_LABELS,
            "satisfaction_text": SATISFACTION_TEXT,
            "step_labels": STEP_LABELS,
            "ticket_states": {state.value: label for state, label in TICKET_STATE_LABELS.items()},
        },
    )


def outcome_body(form: dict[str, str]) -> TicketCallbackIn:
    """The form's fields as recordCallback's body, validated by the same model."""
    outcome = form.get("outcome", "")
    if outcome not in OUTCOME_LABELS:
        raise ValidationFailed(
            "choose the outcome of the call",
            code="outcome_required",
            fields={"outcome": "选择结果"},
        )
    reached = outcome != "unreached"
    body = {
        "method": form.get("method", ""),
        "reached": reached,
        "satisfaction": outcome if reached else None,
        "note": form.get("note", ""),
    }
    return parse_model(TicketCallbackIn, body, "callback outcome")


@routes.post("/callbacks/{visit_id}", name="console-callback-record")
async def record(request: web.Request) -> web.Response:
    visit_id = row_id(request, "visit_id")
    body = outcome_body(await check_form(request))
    await record_callback(
        request[PRINCIPAL],
        visit_id,
        CallbackOutcome(**body.model_dump()),
        request.config_dict[SETTINGS].tickets,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    raise web.HTTPSeeOther(request.app.router["console-callback"].url_for(visit_id=str(visit_id)))
