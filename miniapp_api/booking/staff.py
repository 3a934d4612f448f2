"""At the hall: checkIn and takeWalkInNumber (clerks), manageSlots (hall managers).

Staff act on the halls their department runs (ServiceHall.department); supervisors and admins
on every hall.
"""

from __future__ import annotations

from aiohttp import web

from miniapp_api.booking.present import (
    TicketOut,
    booking_context,
    booking_out,
    ticket_out,
)
from miniapp_api.booking.schemas import (
    CheckInIn,
    CheckInOut,
    HallItemParams,
    HallParams,
    SlotConfigIn,
    SlotConfigOut,
    WalkInNumberIn,
)
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.booking.config import configure_slots
from workflows.booking.queue import check_in, staffed_hall, walk_in
from workflows.booking.slots import hall_and_item

TAGS = ("hall",)


table = OperationTable(tags=TAGS, audience="staff", roles=(StaffRole.CLERK,))


@table.post("/api/halls/{hall_id}/check-in", "checkIn", status=201, errors=(404, 409))
async def check_in_booking(
    request: web.Request, principal: Principal, params: HallParams, body: CheckInIn
) -> CheckInOut:
    """Check a booked visitor in and give them a queue number (booked before walk-ins)"""
    hall = await staffed_hall(principal, params.hall_id)
    ctx = await booking_context(request)
    booking, ticket = await check_in(
        principal, hall, body.booking_code, ctx.calendar, ctx.settings, ctx.now
    )
    return CheckInOut(booking=await booking_out(booking), ticket=ticket_out(ticket))


@table.post(
    "/api/halls/{hall_id}/walk-in-numbers", "takeWalkInNumber", status=201, errors=(404, 409)
)
async def take_walk_in_number(
    request: web.Request, principal: Principal, params: HallParams, body: WalkInNumberIn
) -> TicketOut:
    """Give a walk-in visitor (no booking needed) a queue number"""
    hall = await staffed_hall(principal, params.hall_id)
    ctx = await booking_context(request)
    return ticket_out(await walk_in(principal, hall, body.item_id, ctx.calendar, ctx.now))


@table.put(
    "/api/halls/{hall_id}/items/{item_id}/slots",
    "manageSlots",
    roles=(StaffRole.HANDLER, StaffRole.ADMIN),
    errors=(404,),
)
async def manage_slots(
    request: web.Request, principal: Principal, params: HallItemParams, body: SlotConfigIn
) -> SlotConfigOut:
    """Set a hall's slot interval and capacity for an item, or stop bookings for it"""
    await staffed_hall(principal, params.hall_id)
    hall, item = await hall_and_item(params.hall_id, params.item_id)
    ctx = await booking_context(request)
    _, changed = await configure_slots(principal, hall, item, **body.model_dump(), now=ctx.now)
    return SlotConfigOut(
        **body.model_dump(), hall_id=hall.id, item_id=item.id, future_slots_updated=changed
    )
