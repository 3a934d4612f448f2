"""After a slot ends, bookings nobody checked in for become no-shows; repeated no-shows suspend
online booking for a while (default 3 within 90 days -> 30 days). Run by the worker."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from core.settings import BookingSettings
from models.booking import Booking, BookingStatus, BookingSuspension
from workflows import outbox
from workflows.audit import Actor, record_change
from workflows.booking.limits import lock_citizen
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc

BATCH = 500
SUSPENDED_TEMPLATE = "booking_suspended"


async def mark_no_shows(calendar: WorkingCalendar, settings: BookingSettings, now: datetime) -> int:
    """Mark up to one batch of missed bookings; returns how many were marked."""
    now = as_utc(now)
    latest_end = now - timedelta(minutes=settings.checkin_grace_minutes)
    due = (
        await Booking.filter(status=BookingStatus.BOOKED, ends_at__lt=latest_end)
        .order_by("ends_at")
        .limit(BATCH)
        .values_list("id", "citizen_id")
    )
    marked = 0
    for booking_id, citizen_id in due:
        async with in_transaction():
            moved = await Booking.filter(id=booking_id, status=BookingStatus.BOOKED).update(
                status=BookingStatus.NO_SHOW, active_key=None
            )
            if not moved:  # checked in meanwhile
                continue
            marked += 1
            await record_change(
                Actor.system(),
                "booking.no_show",
                "booking",
                booking_id,
                before={"status": BookingStatus.BOOKED.value},
                after={"status": BookingStatus.NO_SHOW.value},
            )
            await _suspend_if_repeated(citizen_id, calendar, settings, now)
    return marked


async def _suspend_if_repeated(
    citizen_id: int, calendar: WorkingCalendar, settings: BookingSettings, now: datetime
) -> None:
    await lock_citizen(citizen_id)
    since = now - timedelta(days=settings.no_show_window_days)
    last = await BookingSuspension.filter(citizen_id=citizen_id).order_by("-since").first()
    if last is not None:
        if last.until > now:
            return
        since = max(since, last.since)  # no-shows already punished do not count again
    missed = await Booking.filter(
        citizen_id=citizen_id, status=BookingStatus.NO_SHOW, ends_at__gt=since
    ).count()
    if missed < settings.no_show_threshold:
        return
    until = now + timedelta(days=settings.suspension_days)
    suspension = await BookingSuspension.create(
        citizen_id=citizen_id, since=now, until=until, no_shows=missed
    )
    await record_change(
        Actor.system(),
        "booking.suspended",
        "citizen",
        citizen_id,
        after={"until": until.isoformat(), "no_shows": missed},
    )
    await outbox.enqueue(
        [
            outbox.to_citizen(
                outbox.notice_key("booking_suspension", suspension.id, "citizen", citizen_id),
                citizen_id,
                SUSPENDED_TEMPLATE,
                {"until": until.astimezone(calendar.tz).isoformat(), "no_shows": missed},
                subject_type="booking_suspension",
                subject_id=suspension.id,
            )
        ]
    )
