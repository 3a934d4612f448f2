"""A proposed change's guide as the citizen will see it: the answer getItem would give once the
change is published (the same ItemOut and halls), rendered the way a guide reads."""

from __future__ import annotations

from aiohttp import web

from miniapp_api.catalog.schemas import ItemOut
from miniapp_api.console.catalog_labels import LABELS
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from models.catalog_review import ItemChange
from workflows.catalog.halls import halls_serving
from workflows.catalog.staff_reading import as_proposed, change_for

routes = web.RouteTableDef()


async def preview_of(change: ItemChange) -> ItemOut:
    item = await as_proposed(change)
    return ItemOut.of(item, await halls_serving(item))


@routes.get("/catalog/drafts/{change_id}/preview", name="console-item-change-preview")
async def preview(request: web.Request) -> web.Response:
    change = await change_for(request[PRINCIPAL], row_id(request, "change_id"))
    context = {"guide": await preview_of(change), "change": change, **LABELS}
    return page(request, "catalog_preview.html", context)
