"""Reading the date and time fields of a console form as a moment of the hall's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import ValidationFailed

END_OF_DAY = time(17, 30)  # a respond-by date without a time: the end of that working day


def local_date(text: str, field: str) -> date | None:
    """A `<input type="date">` value (年-月-日); empty is None, anything else not a date is 422."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            "dates are written 年-月-日, e.g. 2026-12-01", fields={field: "not a date"}
        ) from None


def local_moment(
    date_text: str, time_text: str, tz: ZoneInfo, field: str, default: time = END_OF_DAY
) -> datetime | None:
    """A date (and optional `<input type="time">` time) in `tz`, as a UTC moment."""
    day = local_date(date_text, field)
    if day is None:
        if time_text.strip():
            raise ValidationFailed("a time needs its date", fields={field: "choose the date"})
        return None
    try:
        at = time.fromisoformat(time_text.strip()) if time_text.strip() else default
    except ValueError:
        raise ValidationFailed(
            "times are written 时:分, e.g. 17:30", fields={field: "not a time"}
        ) from None
    return datetime.combine(day, at, tz).astimezone(UTC)


def local_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC bounds [start, end) of a local calendar day."""
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    return start.astimezone(UTC), end.astimezone(UTC)
