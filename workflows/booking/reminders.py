"""Reminders of a visit: the evening before and shortly before the slot, never at night.

Keys carry the slot, so a rescheduled booking gets fresh reminders while the old ones are
cancelled in the same transaction; the notifier never sends a stale one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.settings import BookingSettings
from models.booking import Booking
from workflows import outbox
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc

EVENING = "booking_reminder_evening"
HOUR_BEFORE = "booking_reminder_hour"
TEMPLATES = (EVENING, HOUR_BEFORE)


def reminder_times(
    starts_at: datetime, calendar: WorkingCalendar, settings: BookingSettings, now: datetime
) -> dict[str, datetime]:
    """When each reminder goes out; those already past or at night are left out."""
    local_start = starts_at.astimezone(calendar.tz)
    evening = datetime.combine(
        local_start.date() - timedelta(days=1), settings.reminder_evening_time, tzinfo=calendar.tz
    )
    shortly = local_start - timedelta(minutes=settings.reminder_before_minutes)
    times = {EVENING: evening, HOUR_BEFORE: shortly}
    return {
        template: at
        for template, at in times.items()
        if at > now and not settings.is_quiet(at.astimezone(calendar.tz).time())
    }


async def schedule(
    booking: Booking,
    hall_name: str,
    item_name: str,
    calendar: WorkingCalendar,
    settings: BookingSettings,
    now: datetime,
) -> None:
    await outbox.enqueue(notices(booking, hall_name, item_name, calendar, settings, now))


def notices(
    booking: Booking,
    hall_name: str,
    item_name: str,
    calendar: WorkingCalendar,
    settings: BookingSettings,
    now: datetime,
) -> list[outbox.Notice]:
    """The booking's reminders, for `schedule` or for a statement that writes them itself."""
    data = {
        "booking_code": booking.code,
        "hall": hall_name,
        "item": item_name,
        "starts_at": booking.starts_at.astimezone(calendar.tz).isoformat(),
    }
    citizen_id: int = booking.citizen_id  # type: ignore[attr-defined]
    slot_id: int = booking.slot_id  # type: ignore[attr-defined]
    return [
        outbox.to_citizen(
            outbox.notice_key("booking", booking.id, template, "slot", slot_id),
            citizen_id,
            template,
            data,
            subject_type="booking",
            subject_id=booking.id,
            send_at=as_utc(at),
        )
        for template, at in reminder_times(booking.starts_at, calendar, settings, now).items()
    ]


async def cancel(booking_id: int) -> int:
    return await outbox.cancel_pending("booking", booking_id, TEMPLATES)
