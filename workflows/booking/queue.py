"""Queue numbers at the hall (取号): check-in of a booking, and walk-ins without one.

Booked visitors get "A" numbers and are called before walk-ins ("B" numbers), in the order of
their slots; walk-ins are served without booking (seed 002 art. 18). Numbers are per hall and
day and come from a counter row incremented by a conditional UPDATE, so two clerks at once
never get the same number.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from core.settings import BookingSettings
from models.booking import Booking, BookingStatus, QueueCounter, QueueTicket, TicketKind
from models.catalog import ServiceHall
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.reviews import invitations

PREFIX = {TicketKind.BOOKED: "A", TicketKind.WALK_IN: "B"}


async def staffed_hall(principal: Principal, hall_id: int) -> ServiceHall:
    """Clerks work at the halls their department runs (ServiceHall.department)."""
    hall = await ServiceHall.get_or_none(id=hall_id)
    if hall is None:
        raise NotFound("no such service hall")
    require_department_access(principal, hall.department_id, "service hall")  # type: ignore[attr-defined]
    return hall


async def _next_number(hall_id: int, day: date, kind: TicketKind) -> int:
    await QueueCounter.bulk_create(
        [QueueCounter(hall_id=hall_id, day=day, kind=kind, last_number=0)], ignore_conflicts=True
    )
    counter = QueueCounter.filter(hall_id=hall_id, day=day, kind=kind)
    # The UPDATE holds the row until commit, so the value read back is ours alone.
    await counter.update(last_number=F("last_number") + 1)
    return (await counter.get()).last_number


async def _issue(
    principal: Principal, hall_id: int, day: date, kind: TicketKind, priority_at: datetime, **extra
) -> QueueTicket:
    number = await _next_number(hall_id, day, kind)
    return await QueueTicket.create(
        hall_id=hall_id,
        day=day,
        kind=kind,
        number=number,
        label=f"{PREFIX[kind]}{number:03d}",
        priority_at=priority_at,
        issued_by_staff_id=principal.id,
        **extra,
    )


async def check_in(
    principal: Principal,
    hall: ServiceHall,
    code: str,
    calendar: WorkingCalendar,
    settings: BookingSettings,
    now: datetime,
) -> tuple[Booking, QueueTicket]:
    booking = await Booking.get_or_none(code=code.strip().upper())
    if booking is None:
        raise NotFound("no booking has this code", code="booking_not_found")
    if booking.hall_id != hall.id:  # type: ignore[attr-defined]
        raise Conflict("this booking is for another hall", code="wrong_hall")
    today, now = calendar.local_date(now), as_utc(now)
    async with in_transaction():
        if booking.status == BookingStatus.BOOKED:
            if booking.day != today:
                raise Conflict(
                    f"this booking is for {booking.day.isoformat()}", code="checkin_wrong_day"
                )
            if now > booking.ends_at + timedelta(minutes=settings.checkin_grace_minutes):
                raise Conflict(
                    "the booked time has passed; take a walk-in number", code="booking_expired"
                )
            moved = await Booking.filter(id=booking.id, status=BookingStatus.BOOKED).update(
                status=BookingStatus.CHECKED_IN, checked_in_at=now
            )
            if moved:
                ticket = await _issue(
                    principal,
                    hall.id,
                    today,
                    TicketKind.BOOKED,
                    booking.starts_at,
                    booking_id=booking.id,
                    item_id=booking.item_id,  # type: ignore[attr-defined]
                )
                await record_change(
                    principal.actor,
                    "booking.checked_in",
                    "booking",
                    booking.id,
                    before={"status": BookingStatus.BOOKED.value},
                    after={"status": BookingStatus.CHECKED_IN.value, "ticket": ticket.label},
                )
                item_name = (await booking.item).name
                await invitations.invite("booking", booking.id, booking.citizen_id, item_name, now)  # type: ignore[attr-defined]
        await booking.refresh_from_db()
        if booking.status != BookingStatus.CHECKED_IN:
            raise Conflict(f"this booking is {booking.status.value}", code="booking_not_active")
    # Scanned twice (or by two clerks at once): the visitor keeps their one number.
    return booking, await QueueTicket.get(booking_id=booking.id)


async def walk_in(
    principal: Principal,
    hall: ServiceHall,
    item_id: int | None,
    calendar: WorkingCalendar,
    now: datetime,
) -> QueueTicket:
    today, now = calendar.local_date(now), as_utc(now)
    if not calendar.is_working_day(today):
        raise Conflict("the hall is closed today", code="hall_closed")
    if item_id is not None and not await hall.items.filter(id=item_id).exists():
        raise NotFound("this hall does not serve that item", code="item_not_served")
    async with in_transaction():
        ticket = await _issue(principal, hall.id, today, TicketKind.WALK_IN, now, item_id=item_id)
        await record_change(
            principal.actor,
            "queue.walk_in_number",
            "queue_ticket",
            ticket.id,
            after={"hall_id": hall.id, "label": ticket.label},
        )
    return ticket
