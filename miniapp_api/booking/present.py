"""What the booking operations answer with (no personal data: a booking names no person)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel
from tortoise.models import Model

from core.appkeys import CALENDAR, SETTINGS
from miniapp_api.present import json_response
from models.booking import Booking, QueueTicket
from workflows import clock
from workflows.booking.records import Context


class SlotOut(BaseModel):
    id: int
    day: date
    starts_at: datetime
    ends_at: datetime
    capacity: int
    remaining: int


class SlotListOut(BaseModel):
    hall_id: int
    item_id: int
    slots: list[SlotOut]


class NamedRef(BaseModel):
    id: int
    name: str


class TicketOut(BaseModel):
    label: str
    number: int
    kind: Literal["booked", "walk_in"]
    hall_id: int
    day: date
    issued_at: datetime


class BookingOut(BaseModel):
    id: int
    code: str
    status: Literal["booked", "checked_in", "cancelled", "no_show"]
    slot_id: int
    hall: NamedRef
    item: NamedRef
    day: date
    starts_at: datetime
    ends_at: datetime
    cancelled_at: datetime | None
    checked_in_at: datetime | None


async def booking_context(request: web.Request) -> Context:
    return Context(
        calendar=await request.app[CALENDAR].current(),
        settings=request.app[SETTINGS].booking,
        now=clock.utc_now(),
    )


def slot_list(hall_id: int, item_id: int, rows: Sequence[Any]) -> web.Response:
    """The answer of listSlots (a SlotListOut) from rows of workflows.booking.slots.SLOT_COLUMNS.
    A week of slots is a few hundred, read by our own statement with their columns in their
    Python types: written straight to JSON by pydantic's encoder, the same bytes a SlotListOut
    would write, without building and validating a model per slot."""
    slots = [
        {
            "id": row["id"],
            "day": row["day"],
            "starts_at": row["starts_at"],
            "ends_at": row["ends_at"],
            "capacity": row["capacity"],
            "remaining": max(row["capacity"] - row["booked"], 0),
        }
        for row in rows
    ]
    return json_response({"hall_id": hall_id, "item_id": item_id, "slots": slots})


async def booking_out(booking: Booking) -> BookingOut:
    # A booking just made carries its hall and item already; fetch only what is missing.
    missing = [name for name in ("hall", "item") if not isinstance(getattr(booking, name), Model)]
    if missing:
        await booking.fetch_related(*missing)
    return BookingOut(
        id=booking.id,
        code=booking.code,
        status=booking.status.value,  # type: ignore[arg-type]
        slot_id=booking.slot_id,  # type: ignore[attr-defined]
        hall=NamedRef(id=booking.hall.id, name=booking.hall.name),
        item=NamedRef(id=booking.item.id, name=booking.item.name),
        day=booking.day,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        cancelled_at=booking.cancelled_at,
        checked_in_at=booking.checked_in_at,
    )


def ticket_out(ticket: QueueTicket) -> TicketOut:
    return TicketOut(
        label=ticket.label,
        number=ticket.number,
        kind=ticket.kind.value,  # type: ignore[arg-type]
        hall_id=ticket.hall_id,  # type: ignore[attr-defined]
        day=ticket.day,
        issued_at=ticket.issued_at,
    )
