"""A hall's day as its window sees it: the bookings of a day and the queue numbers issued.

Read-only views for the clerks of the hall's department (the same reach as checkIn and
takeWalkInNumber: workflows/booking/queue.py's staffed_hall); the changes stay in queue.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.errors import NotFound
from models.booking import Booking, QueueTicket, TicketKind
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from models.people import StaffRole
from workflows.authz import Principal, require_role
from workflows.booking.queue import staffed_hall

DAY_LIMIT = 500  # a hall's day; far above any hall's capacity


@dataclass(frozen=True)
class DayBooking:
    booking: Booking
    ticket_label: str | None


async def clerk_halls(principal: Principal) -> list[ServiceHall]:
    """The halls the clerk's department runs, by name (a clerk of no department: none)."""
    require_role(principal, StaffRole.CLERK)
    if principal.department_id is None:
        return []
    return list(
        await ServiceHall.filter(department_id=principal.department_id).order_by("name", "id")
    )


async def clerk_hall(principal: Principal, hall_id: int) -> ServiceHall:
    require_role(principal, StaffRole.CLERK)
    return await staffed_hall(principal, hall_id)


async def bookings_of_day(hall: ServiceHall, day: date) -> list[DayBooking]:
    """Every booking of the day at this hall (all windows, every status), by booked time."""
    rows = (
        await Booking.filter(hall_id=hall.id, day=day)
        .order_by("starts_at", "id")
        .limit(DAY_LIMIT)
        .select_related("item", "citizen")
    )
    labels = dict(
        await QueueTicket.filter(booking_id__in=[row.id for row in rows]).values_list(
            "booking_id", "label"
        )
    )
    return [DayBooking(row, labels.get(row.id)) for row in rows]


async def queue_of_day(hall: ServiceHall, day: date) -> list[QueueTicket]:
    """The numbers issued that day in calling order: booked visitors by their slot's start,
    then walk-ins by number (as queue.py gives them out)."""
    tickets = (
        await QueueTicket.filter(hall_id=hall.id, day=day)
        .order_by("priority_at", "number")
        .limit(DAY_LIMIT)
        .select_related("item")
    )
    booked = [t for t in tickets if t.kind == TicketKind.BOOKED]
    walk_ins = sorted((t for t in tickets if t.kind == TicketKind.WALK_IN), key=lambda t: t.number)
    return booked + walk_ins


async def hall_booking(principal: Principal, booking_id: int) -> tuple[ServiceHall, Booking]:
    """A booking at one of the clerk's halls; another hall's (or none): 404."""
    require_role(principal, StaffRole.CLERK)
    booking = await Booking.get_or_none(id=booking_id)
    if booking is None:
        raise NotFound("no such booking", code="booking_not_found")
    try:
        hall = await staffed_hall(principal, booking.hall_id)  # type: ignore[attr-defined]
    except NotFound:
        raise NotFound("no such booking", code="booking_not_found") from None
    return hall, booking


async def served_items(hall: ServiceHall) -> list[ServiceItem]:
    """The published items this hall takes applications for, by name."""
    return list(await hall.items.filter(status=ItemStatus.PUBLISHED).order_by("name", "id"))


async def served_item(hall: ServiceHall, item_code: str) -> ServiceItem:
    item = await hall.items.filter(code=item_code, status=ItemStatus.PUBLISHED).first()
    if item is None:
        raise NotFound("this hall takes no applications for that item", code="item_not_served")
    return item
