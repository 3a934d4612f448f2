"""What the provincial platform does here: push catalog items and dispatch complaints. Signed
(miniapp_api/exchange/signing.py); every refusal is a 4xx with a stable code, audited."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import CATALOG_VERSION
from core.settings import Settings
from miniapp_api.authentication import REQUEST_ID
from miniapp_api.exchange.schemas import ComplaintReceivedOut, ItemReceivedOut
from miniapp_api.exchange.signing import require_verified
from miniapp_api.operations import OperationTable
from workflows.calendar import WorkingCalendar
from workflows.exchange.catalog_sync import receive_item
from workflows.exchange.complaints import receive_complaint
from workflows.exchange.inbound_map import ProvinceComplaintIn, ProvinceItemIn

table = OperationTable(tags=("exchange",), audience="public")
ERRORS = (401, 404, 409, 503)


@table.post("/api/exchange/items", "pushProvinceItem", errors=ERRORS)
async def push_item(
    request: web.Request,
    body: ProvinceItemIn,
    settings: Settings,
    calendar: WorkingCalendar,
    now: datetime,
) -> ItemReceivedOut:
    """The province pushes one catalog item (new version, or withdrawn); signed"""
    require_verified(request)
    received = await receive_item(
        body, "push", settings.exchange, calendar, now, request.get(REQUEST_ID, "")
    )
    if received.outcome != "unchanged":
        await request.app[CATALOG_VERSION].changed()
    return ItemReceivedOut(
        code=received.code,
        outcome=received.outcome,
        item_id=received.item_id,
        draft_id=received.draft_id,
    )


@table.post("/api/exchange/complaints", "pushProvinceComplaint", errors=ERRORS)
async def push_complaint(
    request: web.Request,
    body: ProvinceComplaintIn,
    settings: Settings,
    calendar: WorkingCalendar,
    now: datetime,
) -> ComplaintReceivedOut:
    """12345 or the national platform dispatches a complaint to one of our departments; signed"""
    require_verified(request)
    ticket, new = await receive_complaint(
        body, settings, calendar, now, request.get(REQUEST_ID, "")
    )
    return ComplaintReceivedOut(ticket_id=ticket.id, duplicate=not new)
