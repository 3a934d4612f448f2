"""Search the department's matters (办件、诉求) by number, name fragment or the phone's last 4
digits: workflows/matter_search, scoped like the lists, everything personal masked."""

from __future__ import annotations

from aiohttp import web

from miniapp_api.console.labels import STATE_LABELS
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from workflows.cases.machine import STATUS_LABELS
from workflows.matter_search import MatterHit, search_matters

routes = web.RouteTableDef()


@routes.get("/search", name="console-search")
async def search(request: web.Request) -> web.Response:
    query = request.query.get("q", "")
    hits: list[MatterHit] | None = None
    if query.strip():
        hits = await search_matters(request[PRINCIPAL], query)
    return page(
        request,
        "search.html",
        {"q": query, "hits": hits, "case_states": STATUS_LABELS, "ticket_states": STATE_LABELS},
    )
