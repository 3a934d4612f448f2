"""Per-person limits on online booking: one per item and day, at most N active, and a suspension
after repeated no-shows. Called inside the booking transaction, after `lock_citizen`.
"""

from __future__ import annotations

from datetime import date, datetime

from core.errors import Conflict, Forbidden
from core.settings import BookingSettings
from models.booking import Booking, BookingStatus, BookingSuspension
from models.people import Citizen
from workflows.calendar import WorkingCalendar


def active_key(citizen_id: int, item_id: int, day: date) -> str:
    return f"{citizen_id}:{item_id}:{day.isoformat()}"


async def lock_citizen(citizen_id: int) -> None:
    """Serialise one citizen's booking changes (row lock on PostgreSQL; SQLite serialises all),
    so that two requests at once cannot both pass the active-bookings limit."""
    # `.only()`, not `.values_list()`: tortoise drops FOR UPDATE from values queries.
    await Citizen.filter(id=citizen_id).select_for_update().only("id")


async def refuse_if_suspended(citizen_id: int, calendar: WorkingCalendar, now: datetime) -> None:
    suspension = (
        await BookingSuspension.filter(citizen_id=citizen_id, until__gt=now)
        .order_by("-until")
        .first()
    )
    if suspension is not None:
        raise suspended(suspension.until, suspension.no_shows, calendar)


def suspended(until: datetime, no_shows: int, calendar: WorkingCalendar) -> Forbidden:
    local = until.astimezone(calendar.tz)
    return Forbidden(
        f"online booking is suspended until {local:%Y-%m-%d %H:%M} after "
        f"{no_shows} missed visits; you can still be served without booking",
        code="booking_suspended",
        fields={"until": local.isoformat()},
    )


async def refuse_over_limit(
    citizen_id: int, settings: BookingSettings, now: datetime, besides: int = 0
) -> None:
    """`besides`: the booking being made, already written in this transaction, not counted."""
    active = (
        await Booking.filter(citizen_id=citizen_id, status=BookingStatus.BOOKED, ends_at__gt=now)
        .exclude(id=besides)
        .count()
    )
    if active >= settings.max_active_bookings:
        raise too_many(active, settings)


def too_many(active: int, settings: BookingSettings) -> Conflict:
    return Conflict(
        f"you already hold {active} bookings; at most {settings.max_active_bookings} at once",
        code="too_many_active_bookings",
    )


async def refuse_second_of_day(citizen_id: int, item_id: int, day: date, exclude: int = 0) -> None:
    # The unique active_key is what guarantees it; this only gives the friendly answer early.
    key = active_key(citizen_id, item_id, day)
    if await Booking.filter(active_key=key).exclude(id=exclude).exists():
        raise already_booked()


def already_booked() -> Conflict:
    return Conflict(
        "you already have a booking for this item that day", code="already_booked_that_day"
    )
