"""My queue (我的待办): cases, tickets and rectifications in one list by due time, with the
working days left and the card colour; filter by kind, sort by due time (links, no script)."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import CALENDAR
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from workflows import clock
from workflows.supervision.work_queue import MatterKind, my_queue

routes = web.RouteTableDef()
KIND_LABELS = {
    MatterKind.CASE: "办件",
    MatterKind.TICKET: "诉求",
    MatterKind.RECTIFICATION: "差评整改",
    MatterKind.OTHER: "其他",
}
# A ticket's screening is the intake office's own timed matter, shown as such.
SUBJECT_LABELS = {"ticket_screening": "诉求甄别"}
PAGES = {
    MatterKind.CASE: "/console/cases/",
    MatterKind.TICKET: "/console/tickets/",
    MatterKind.RECTIFICATION: "/console/rectifications/",
}
SORTS = {"due": False, "-due": True}  # ?sort=: earliest due first (default) or latest first


@routes.get("/queue", name="console-queue")
async def queue(request: web.Request) -> web.Response:
    # Unknown filter values fall back to the whole queue: a stale bookmark still opens.
    kind_text = request.query.get("kind", "")
    kind = MatterKind(kind_text) if kind_text in set(MatterKind) else None
    sort = request.query.get("sort", "due")
    sort = sort if sort in SORTS else "due"
    # After a ticket was given back (its page is then gone for the department).
    returned = request.query.get("returned", "")[:20]
    entries = await my_queue(
        request[PRINCIPAL],
        calendar=await request.config_dict[CALENDAR].current(),
        now=clock.utc_now(),
        kind=kind,
        latest_first=SORTS[sort],
    )
    return page(
        request,
        "queue.html",
        {
            "entries": entries,
            "kind": kind,
            "sort": sort,
            "kinds": KIND_LABELS,
            "subjects": SUBJECT_LABELS,
            "pages": PAGES,
            "returned": returned if returned.isdigit() else "",
        },
    )
