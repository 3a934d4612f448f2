"""Editing an item's guide (事项指南): the form, and saving it the way upsertItem does — a
published item's edit becomes a change awaiting review, a draft item is edited in place."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from core.appkeys import CATALOG_VERSION
from core.errors import ValidationFailed
from miniapp_api.console.catalog_labels import LABELS
from miniapp_api.console.guide_form import form_values, guide_body
from miniapp_api.console.params import item_code
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from models.catalog import ServiceItem
from workflows import clock
from workflows.catalog.drafts import REVIEWED, save_item
from workflows.catalog.items import snapshot
from workflows.catalog.staff_reading import item_in_reach

routes = web.RouteTableDef()


@routes.get("/catalog/items/{code}/draft", name="console-item-draft")
async def draft_form(request: web.Request) -> web.Response:
    item = await item_in_reach(request[PRINCIPAL], item_code(request))
    return _form(request, item, form_values(snapshot(item)))


def _form(
    request: web.Request,
    item: ServiceItem,
    values: dict[str, str],
    error: ValidationFailed | None = None,
) -> web.Response:
    problems: dict[str, Any] = error.fields if error else {}
    return page(
        request,
        "catalog_edit.html",
        {
            "item": item,
            "values": values,
            "reviewed": item.status in REVIEWED,
            "error": error.message if error else "",
            "problems": problems,
            **LABELS,
        },
        status=422 if error else 200,
    )


@routes.post("/catalog/items/{code}/draft", name="console-item-draft-save")
async def save_draft(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    item = await item_in_reach(principal, item_code(request))
    form = await check_form(request)
    try:
        body = guide_body(form, item.department.code, item.materials)
        fields = body.model_dump(mode="json", exclude={"department_code"})
        _, change = await save_item(
            principal, item.code, body.department_code, fields, clock.utc_now()
        )
    except ValidationFailed as error:  # the form again with what was typed, and what is wrong
        return _form(request, item, {**form_values(snapshot(item)), **form}, error)
    if change is None:  # edited in place: every server drops its kept answers (as upsertItem)
        await request.config_dict[CATALOG_VERSION].changed()
        raise web.HTTPSeeOther(request.app.router["console-catalog"].url_for())
    raise web.HTTPSeeOther(
        request.app.router["console-item-change"].url_for(change_id=str(change.id))
    )
