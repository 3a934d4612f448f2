"""The callback worklist (回访) and the supervisor's card board (督办看板)."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import ValidationFailed
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.tickets.present import task_view
from models.people import Department
from models.tickets import CallbackMethod, Satisfaction
from workflows import clock
from workflows.supervision import actions as supervision_actions
from workflows.tickets.callbacks import CallbackOutcome, due_visits, record_callback
from workflows.tickets.reveal import reveal_callback_contact

routes = web.RouteTableDef()
METHOD_LABELS = {
    CallbackMethod.PHONE: "电话",
    CallbackMethod.SMS: "短信",
    CallbackMethod.IN_APP: "小程序",
}
SATISFACTION_LABELS = {
    Satisfaction.SATISFIED: "满意",
    Satisfaction.BASICALLY_SATISFIED: "基本满意",
    Satisfaction.DISSATISFIED: "不满意",
}
BOARD_LIMIT = 200


@routes.get("/callbacks", name="console-callbacks")
async def callbacks(request: web.Request) -> web.Response:
    return await _worklist(request, {})


@routes.post("/callbacks/{visit_id}/contact-reveal", name="console-callback-reveal")
async def reveal(request: web.Request) -> web.Response:
    """The worklist again, with this one visit's phone number whole (audited, as in the API)."""
    visit_id = row_id(request, "visit_id")
    await check_form(request)
    ticket = await reveal_callback_contact(request[PRINCIPAL], visit_id)
    return await _worklist(request, {visit_id: ticket.contact_phone})


async def _worklist(request: web.Request, revealed: dict[int, str]) -> web.Response:
    visits = await due_visits(request[PRINCIPAL], clock.utc_now())
    return page(
        request,
        "callbacks.html",
        {
            "tasks": [task_view(visit) for visit in visits],
            "revealed": revealed,
            "methods": METHOD_LABELS,
            "satisfactions": SATISFACTION_LABELS,
        },
    )


@routes.post("/callbacks/{visit_id}", name="console-callback-record")
async def record(request: web.Request) -> web.Response:
    visit_id = row_id(request, "visit_id")
    form = await check_form(request)
    reached = form.get("reached") == "yes"
    try:
        method = CallbackMethod(form.get("method", ""))
        satisfaction = Satisfaction(form["satisfaction"]) if reached else None
    except (ValueError, KeyError):
        raise ValidationFailed(
            "choose how the citizen was contacted and, if reached, how satisfied they are",
            fields={"method": "choose one", "satisfaction": "choose one when reached"},
        ) from None
    outcome = CallbackOutcome(method, reached, satisfaction, form.get("note", "")[:2000])
    await record_callback(
        request[PRINCIPAL],
        visit_id,
        outcome,
        request.config_dict[SETTINGS].tickets,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    raise web.HTTPSeeOther(request.app.router["console-callbacks"].url_for())


@routes.get("/cards", name="console-cards")
async def cards(request: web.Request) -> web.Response:
    board = await supervision_actions.list_cards(
        request[PRINCIPAL], colour=None, open_only=True, department_id=None,
        limit=BOARD_LIMIT, offset=0,
    )  # fmt: skip
    names = dict(await Department.filter(id__in=list(board.open_counts)).values_list("id", "name"))
    counts = sorted(
        ((names.get(d, str(d)), c["yellow"], c["red"]) for d, c in board.open_counts.items()),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    return page(
        request,
        "cards.html",
        {"cards": board.cards, "counts": counts, "names": names, "done": request.query.get("done")},
    )
