"""A bad review's rectification page (差评整改): contact the reviewer (phone masked, revealed on
request and audited), classify, request the review be judged invalid, complete. Each form posts
to the workflow function of the API operation, read through that operation's request model."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import NotFound
from miniapp_api.console.labels import (
    CLASSIFICATION_LABELS,
    CONTACT_METHOD_LABELS,
    RECT_STATE_LABELS,
)
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.parsing import parse_model
from miniapp_api.reviews.present import rectification_view
from miniapp_api.reviews.schemas import ClassifyIn, CompletionIn, ContactIn, InvalidRequestIn
from models.reviews import Classification
from workflows import clock
from workflows.reviews import department, extensions
from workflows.reviews.reading import reveal_contact
from workflows.reviews.staff_actions import RectAction, available_actions, rectification_for

routes = web.RouteTableDef()
ACTION_LABELS = {
    RectAction.CONTACT: "联系评价人",
    RectAction.CLASSIFY: "核实定性",
    RectAction.INVALID: "申请认定无效差评",
    RectAction.COMPLETE: "整改完成",
}
REASONABLE = (Classification.SIMPLE, Classification.COMPLEX)
INVALID_KINDS = (Classification.UNTRUE, Classification.MISTAKEN, Classification.MALICIOUS)
Step = Callable[[web.Request, int, dict[str, str]], Awaitable[None]]


@routes.get("/rectifications/{rect_id}", name="console-rectification")
async def rectification_page(request: web.Request) -> web.Response:
    return await _page(request, row_id(request, "rect_id"), revealed=None)


@routes.post("/rectifications/{rect_id}/contact-reveal", name="console-rectification-reveal")
async def reveal(request: web.Request) -> web.Response:
    """The page again with the reviewer's phone whole (audited, as revealReviewerContact)."""
    rect_id = row_id(request, "rect_id")
    await check_form(request)
    review = await reveal_contact(request[PRINCIPAL], rect_id)
    return await _page(request, rect_id, revealed=review.contact_phone or "")


async def _page(request: web.Request, rect_id: int, revealed: str | None) -> web.Response:
    principal = request[PRINCIPAL]
    rect, review = await rectification_for(principal, rect_id)
    view = rectification_view(principal, rect, review, await extensions.latest_request(rect.id))
    return page(
        request,
        "rectification.html",
        {
            "r": view,
            "revealed": revealed,
            "actions": available_actions(principal, rect),
            "action_labels": ACTION_LABELS,
            "states": RECT_STATE_LABELS,
            "classes": CLASSIFICATION_LABELS,
            "reasonable": REASONABLE,
            "invalid_kinds": INVALID_KINDS,
            "methods": CONTACT_METHOD_LABELS,
        },
    )


@routes.post("/rectifications/{rect_id}/{action}", name="console-rectification-action")
async def rectification_action(request: web.Request) -> web.Response:
    rect_id = row_id(request, "rect_id")
    step = STEPS.get(request.match_info["action"])
    if step is None:
        raise NotFound("no such page")
    form = await check_form(request)
    await step(request, rect_id, form)
    raise web.HTTPSeeOther(
        request.app.router["console-rectification"].url_for(rect_id=str(rect_id))
    )


async def _contact(request: web.Request, rect_id: int, form: dict[str, str]) -> None:
    fields = {
        "method": form.get("method", ""),
        "reached": form.get("reached") == "yes",
        "note": form.get("note", ""),
    }
    body = parse_model(ContactIn, fields, "contact form")
    await department.record_contact(
        request[PRINCIPAL], rect_id, body.method, body.reached, body.note, clock.utc_now()
    )


async def _classify(request: web.Request, rect_id: int, form: dict[str, str]) -> None:
    body = parse_model(
        ClassifyIn, {"classification": form.get("classification", "")}, "classification form"
    )
    await department.classify(
        request[PRINCIPAL],
        rect_id,
        Classification(body.classification),
        request.config_dict[SETTINGS].reviews,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )


async def _invalid(request: web.Request, rect_id: int, form: dict[str, str]) -> None:
    fields = {"classification": form.get("classification", ""), "reason": form.get("reason", "")}
    body = parse_model(InvalidRequestIn, fields, "invalid-review request")
    await department.request_invalid(
        request[PRINCIPAL],
        rect_id,
        Classification(body.classification),
        body.reason,
        request.config_dict[SETTINGS].reviews,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
    )


async def _complete(request: web.Request, rect_id: int, form: dict[str, str]) -> None:
    body = parse_model(CompletionIn, {"summary": form.get("summary", "")}, "completion form")
    await department.complete(request[PRINCIPAL], rect_id, body.summary, clock.utc_now())


STEPS: dict[str, Step] = {
    RectAction.CONTACT.value: _contact,
    RectAction.CLASSIFY.value: _classify,
    RectAction.INVALID.value: _invalid,
    RectAction.COMPLETE.value: _complete,
}
