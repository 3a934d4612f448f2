"""Booking a window visit: listSlots, createBooking, listMyBookings, cancelBooking,
rescheduleBooking. Send `Idempotency-Key` (as with every write) to make a retry safe."""

from __future__ import annotations

from aiohttp import web

from miniapp_api.booking.present import (
    BookingOut,
    SlotListOut,
    booking_context,
    booking_out,
    slot_list,
)
from miniapp_api.booking.schemas import (
    BookIn,
    BookingListOut,
    BookingParams,
    MyBookingsQuery,
    SlotQuery,
)
from miniapp_api.operations import OperationTable
from workflows.authz import Principal
from workflows.booking import bookings as booking_flow
from workflows.booking.slots import hall_and_item, open_slots

TAGS = ("booking",)


table = OperationTable(tags=TAGS, audience="citizen")


@table.get("/api/booking/slots", "listSlots", audience="any", errors=(404,), response=SlotListOut)
async def list_slots(request: web.Request, principal: Principal, query: SlotQuery) -> web.Response:
    """Bookable slots of an item at a hall, with remaining capacity"""
    ctx = await booking_context(request)
    hall, item = await hall_and_item(query.hall_id, query.item_id)
    slots = await open_slots(hall, item, ctx.calendar, ctx.settings, ctx.now)
    return slot_list(hall.id, item.id, slots)


@table.post(
    "/api/bookings",
    "createBooking",
    status=201,
    errors=(404, 409),
    checks_citizen=booking_flow.refuses_gone_citizen,
)
async def create_booking(request: web.Request, principal: Principal, body: BookIn) -> BookingOut:
    """Book a slot (header Idempotency-Key: a retry returns the same booking)"""
    ctx = await booking_context(request)
    booking = await booking_flow.create_booking(principal, body.slot_id, ctx)
    return await booking_out(booking)


@table.get("/api/bookings", "listMyBookings")
async def list_my_bookings(principal: Principal, query: MyBookingsQuery) -> BookingListOut:
    """My bookings, latest first"""
    bookings = await booking_flow.my_bookings(principal, query.limit)
    return BookingListOut(bookings=[await booking_out(b) for b in bookings])


@table.post("/api/bookings/{booking_id}/cancel", "cancelBooking", errors=(404, 409))
async def cancel_booking(
    request: web.Request, principal: Principal, params: BookingParams
) -> BookingOut:
    """Cancel my booking (until the cut-off before the slot)"""
    ctx = await booking_context(request)
    booking = await booking_flow.cancel_booking(principal, params.booking_id, ctx)
    return await booking_out(booking)


@table.post("/api/bookings/{booking_id}/reschedule", "rescheduleBooking", errors=(404, 409))
async def reschedule_booking(
    request: web.Request, principal: Principal, params: BookingParams, body: BookIn
) -> BookingOut:
    """Move my booking to another slot of the same item, atomically"""
    ctx = await booking_context(request)
    booking = await booking_flow.reschedule_booking(principal, params.booking_id, body.slot_id, ctx)
    return await booking_out(booking)
