"""Booking, cancelling and rescheduling a window visit (seed 001 §三, seed 002 art. 17).

Capacity is guarded by a conditional UPDATE (`booked < capacity`) inside the transaction that
writes the booking, and "one per person, item and day" by a unique key: whatever arrives at once,
a slot is never overbooked and nobody holds two bookings of one item on one day.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.booking import Booking, BookingStatus, Slot
from models.catalog import ServiceHall, ServiceItem
from workflows.audit import record_change
from workflows.authz import Principal, require_own_citizen_matter
from workflows.booking import book_pg, limits, reminders
from workflows.booking.records import Context, new_code
from workflows.booking.records import audit_of as _audit
from workflows.booking.slots import check_bookable
from workflows.identity.levels import require_citizen_level


async def take_place(slot_id: int) -> None:
    taken = await Slot.filter(id=slot_id, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise Conflict("this slot is fully booked; pick another time", code="slot_full")


async def release_place(slot_id: int) -> None:
    await Slot.filter(id=slot_id, booked__gt=0).update(booked=F("booked") - 1)


async def _bookable_slot(slot_id: int, ctx: Context) -> Slot:
    # One query for the slot, its hall and its item: the booking needs all three names.
    slot = await Slot.filter(id=slot_id).select_related("hall", "item").first()
    if slot is None:
        raise NotFound("no such slot", code="slot_not_found")
    await check_bookable(slot, ctx.calendar, ctx.settings, ctx.now)
    return slot


def refuses_gone_citizen() -> bool:
    """Whether create_booking answers 401 account_inactive by itself, before anything is written,
    when the citizen's account is gone: on PostgreSQL its first statement reads the citizen's row
    (book_pg.READ), so the endpoint's separate "does the citizen exist" statement is not needed."""
    return Booking._choose_db(False).capabilities.dialect == "postgres"


async def create_booking(principal: Principal, slot_id: int, ctx: Context) -> Booking:
    """The refusals come in this order: suspended, already booked that day, too many, slot full.
    A retried request is answered from its Idempotency-Key record (workflows/idempotency.py),
    written in the transaction this one nests in. PostgreSQL takes the same steps in fewer round
    trips (book_pg.py)."""
    if Booking._choose_db(True).capabilities.dialect == "postgres":
        return await book_pg.create_booking(principal, slot_id, ctx)
    slot = await _bookable_slot(slot_id, ctx)
    hall, item = slot.hall, slot.item
    await require_citizen_level(principal.id, item.min_assurance)
    try:
        async with in_transaction():
            await limits.lock_citizen(principal.id)
            await limits.refuse_if_suspended(principal.id, ctx.calendar, ctx.now)
            # The booking row first: its unique active_key refuses a second one that day
            # (IntegrityError below) without a query of its own; the limit and a full slot then
            # roll it back.
            booking = await Booking.create(
                code=new_code(),
                citizen_id=principal.id,
                slot_id=slot.id,
                hall=hall,
                item=item,
                day=slot.day,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                active_key=limits.active_key(principal.id, item.id, slot.day),
            )
            await limits.refuse_over_limit(principal.id, ctx.settings, ctx.now, besides=booking.id)
            await take_place(slot.id)
            await record_change(
                principal.actor, "booking.created", "booking", booking.id, after=_audit(booking)
            )
            await reminders.schedule(booking, hall.name, item.name, **_r(ctx))
    except IntegrityError:
        # A concurrent request for the same item and day won.
        raise limits.already_booked() from None
    return booking


async def _own_active_booking(principal: Principal, booking_id: int, ctx: Context) -> Booking:
    booking = await Booking.get_or_none(id=booking_id)
    require_own_citizen_matter(principal, booking.citizen_id if booking else None, "booking")  # type: ignore[union-attr]
    assert booking is not None
    if booking.status != BookingStatus.BOOKED:
        raise Conflict(f"this booking is {booking.status.value}", code="booking_not_active")
    cutoff = booking.starts_at - timedelta(minutes=ctx.settings.cancel_cutoff_minutes)
    if ctx.now > cutoff:
        raise Conflict(
            f"changes are possible until {ctx.settings.cancel_cutoff_minutes} minutes before "
            "the visit; please contact the hall",
            code="change_too_late",
        )
    return booking


async def cancel_booking(principal: Principal, booking_id: int, ctx: Context) -> Booking:
    async with in_transaction():
        await limits.lock_citizen(principal.id)
        booking = await _own_active_booking(principal, booking_id, ctx)
        before = _audit(booking)
        await _changed(
            Booking.filter(id=booking.id, status=BookingStatus.BOOKED).update(
                status=BookingStatus.CANCELLED, active_key=None, cancelled_at=ctx.now
            )
        )
        await release_place(booking.slot_id)  # type: ignore[attr-defined]
        await reminders.cancel(booking.id)
        await booking.refresh_from_db()
        await record_change(
            principal.actor,
            "booking.cancelled",
            "booking",
            booking.id,
            before=before,
            after=_audit(booking),
        )
    return booking


async def reschedule_booking(
    principal: Principal, booking_id: int, new_slot_id: int, ctx: Context
) -> Booking:
    """Move a booking to another slot in one transaction: it ends in exactly one slot."""
    # Ownership first: someone else's booking is "not found" whatever slot they ask for.
    owned = await Booking.get_or_none(id=booking_id)
    require_own_citizen_matter(principal, owned.citizen_id if owned else None, "booking")  # type: ignore[union-attr]
    new_slot = await _bookable_slot(new_slot_id, ctx)
    try:
        async with in_transaction():
            await limits.lock_citizen(principal.id)
            booking = await _own_active_booking(principal, booking_id, ctx)
            old_slot_id: int = booking.slot_id  # type: ignore[attr-defined]
            if new_slot.item_id != booking.item_id:  # type: ignore[attr-defined]
                raise Conflict("pick a slot for the same item", code="slot_for_other_item")
            if new_slot.id == old_slot_id:
                return booking
            await limits.refuse_second_of_day(
                principal.id,
                booking.item_id,
                new_slot.day,
                exclude=booking.id,  # type: ignore[attr-defined]
            )
            # Lock the two slots in id order, so that two opposite moves cannot deadlock.
            for slot_id in sorted((old_slot_id, new_slot.id)):
                await (take_place(slot_id) if slot_id == new_slot.id else release_place(slot_id))
            before = _audit(booking)
            moving = Booking.filter(id=booking.id, status=BookingStatus.BOOKED, slot_id=old_slot_id)
            await _changed(
                moving.update(
                    slot_id=new_slot.id,
                    hall_id=new_slot.hall_id,  # type: ignore[attr-defined]
                    day=new_slot.day,
                    starts_at=new_slot.starts_at,
                    ends_at=new_slot.ends_at,
                    active_key=limits.active_key(principal.id, booking.item_id, new_slot.day),  # type: ignore[attr-defined]
                )
            )
            await booking.refresh_from_db()
            await reminders.cancel(booking.id)
            hall = await ServiceHall.get(id=new_slot.hall_id)  # type: ignore[attr-defined]
            item = await ServiceItem.get(id=booking.item_id)  # type: ignore[attr-defined]
            await reminders.schedule(booking, hall.name, item.name, **_r(ctx))
            await record_change(
                principal.actor,
                "booking.rescheduled",
                "booking",
                booking.id,
                before=before,
                after=_audit(booking),
            )
    except IntegrityError:
        raise limits.already_booked() from None
    return booking


async def my_bookings(principal: Principal, limit: int) -> list[Booking]:
    return (
        await Booking.filter(citizen_id=principal.id)
        .order_by("-starts_at", "-id")
        .limit(limit)
        .prefetch_related("hall", "item")
    )


async def _changed(update: Awaitable[int]) -> None:
    # Checked in (or marked a no-show) by someone else since we read it: change nothing.
    if not await update:
        raise Conflict("this booking changed meanwhile; reload it", code="booking_not_active")


def _r(ctx: Context) -> dict[str, object]:
    return {"calendar": ctx.calendar, "settings": ctx.settings, "now": ctx.now}
