"""Request and response models of the booking operations."""

from __future__ import annotations

from pydantic import BaseModel, Field

from miniapp_api.booking.present import (
    BookingOut,
    TicketOut,
)
from miniapp_api.fields import RowId


class SlotQuery(BaseModel):
    hall_id: RowId
    item_id: RowId


class BookIn(BaseModel):
    slot_id: RowId


class BookingParams(BaseModel):
    booking_id: RowId


class MyBookingsQuery(BaseModel):
    limit: int = Field(default=50, ge=1, le=200)


class BookingListOut(BaseModel):
    bookings: list[BookingOut]


class HallParams(BaseModel):
    hall_id: RowId


class HallItemParams(HallParams):
    item_id: RowId


class CheckInIn(BaseModel):
    booking_code: str = Field(min_length=4, max_length=16, description="typed or scanned")


class CheckInOut(BaseModel):
    booking: BookingOut
    ticket: TicketOut


class WalkInNumberIn(BaseModel):
    item_id: RowId | None = None


class SlotConfigIn(BaseModel):
    slot_minutes: int = Field(ge=5, le=240)
    capacity: int = Field(ge=1, le=1000)
    enabled: bool = True


class SlotConfigOut(SlotConfigIn):
    hall_id: int
    item_id: int
    future_slots_updated: int
