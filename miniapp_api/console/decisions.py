"""The supervisor's decisions (待决事项): extension requests and invalid-review requests.

Each form calls the workflow its API operation calls — decideExtension (tickets),
decideRectificationExtension and decideInvalidReview (reviews) — so scope, state checks,
notices and audit are the API's.
"""

from __future__ import annotations

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import ValidationFailed
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from models.people import Department
from workflows import clock
from workflows.reviews import extensions as rectification_extensions
from workflows.reviews import office
from workflows.supervision.decisions import pending_decisions
from workflows.tickets import extensions as ticket_extensions

routes = web.RouteTableDef()
NOTE_LIMIT = 2000  # DecisionIn's and InvalidDecisionIn's
CLASSIFICATION_LABELS = {"untrue": "不实评价", "mistaken": "误评", "malicious": "恶意差评"}
DONE = {
    "approved": "已同意。",
    "refused": "已不同意，理由已记录。",
}


@routes.get("/decisions", name="console-decisions")
async def decisions(request: web.Request) -> web.Response:
    pending = await pending_decisions(request[PRINCIPAL])
    ids = {r.department_id for r in pending.ticket_extensions if r.department_id}
    ids |= {r.department_id for r in pending.rectification_extensions + pending.invalid_reviews}
    names = dict(await Department.filter(id__in=sorted(ids)).values_list("id", "name"))
    return page(
        request,
        "decisions.html",
        {
            "pending": pending,
            "names": names,
            "classifications": CLASSIFICATION_LABELS,
            "done": DONE.get(request.query.get("done", ""), ""),
        },
    )


def _decision(form: dict[str, str]) -> tuple[bool, str]:
    """Approve or refuse, and the reason: a refusal must say why (the department is told)."""
    choice = form.get("decision", "")
    if choice not in ("approve", "refuse"):
        raise ValidationFailed("请选择同意或不同意", fields={"decision": "同意或不同意"})
    note = form.get("note", "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationFailed(
            f"理由不超过 {NOTE_LIMIT} 字", fields={"note": f"至多 {NOTE_LIMIT} 字"}
        )
    if choice == "refuse" and not note:
        raise ValidationFailed("不同意时请填写理由", fields={"note": "不同意须说明理由"})
    return choice == "approve", note


def _back(request: web.Request, approve: bool) -> web.HTTPSeeOther:
    url = request.app.router["console-decisions"].url_for()
    return web.HTTPSeeOther(url.with_query(done="approved" if approve else "refused"))


@routes.post("/decisions/ticket-extensions/{extension_id}", name="console-decide-extension")
async def decide_ticket_extension(request: web.Request) -> web.Response:
    extension_id = row_id(request, "extension_id")
    approve, note = _decision(await check_form(request))
    await ticket_extensions.decide_extension(
        request[PRINCIPAL],
        extension_id,
        approve,
        note,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    raise _back(request, approve)


@routes.post(
    "/decisions/rectification-extensions/{rectification_id}",
    name="console-decide-rectification-extension",
)
async def decide_rectification_extension(request: web.Request) -> web.Response:
    rect_id = row_id(request, "rectification_id")
    approve, note = _decision(await check_form(request))
    await rectification_extensions.decide_extension(
        request[PRINCIPAL],
        rect_id,
        approve,
        note,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    raise _back(request, approve)


@routes.post("/decisions/invalid-reviews/{rectification_id}", name="console-decide-invalid")
async def decide_invalid_review(request: web.Request) -> web.Response:
    rect_id = row_id(request, "rectification_id")
    approve, note = _decision(await check_form(request))
    await office.decide_invalid(
        request[PRINCIPAL],
        rect_id,
        approve,
        note,
        request.config_dict[SETTINGS].reviews,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )
    raise _back(request, approve)
