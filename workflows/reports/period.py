"""The reported week: Monday to Sunday in local time, as a half-open UTC interval for queries.

Every moment is stored in UTC (core/db.py), so the bounds are converted once here and every
section compares `start <= moment < end` with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import NotFound, ValidationFailed

MAX_WEEKS_BACK = 520


@dataclass(frozen=True)
class Period:
    first_day: date  # a Monday
    last_day: date  # the Sunday after it
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive

    @property
    def label(self) -> str:
        return f"{self.first_day.isoformat()}至{self.last_day.isoformat()}"


def week_of(monday: date, tz: ZoneInfo) -> Period:
    if monday.weekday() != 0:
        raise ValidationFailed(
            "a week starts on a Monday", code="not_a_monday", fields={"week_start": "a Monday"}
        )
    following = monday + timedelta(days=7)
    return Period(
        first_day=monday,
        last_day=following - timedelta(days=1),
        start=datetime.combine(monday, time.min, tzinfo=tz).astimezone(UTC),
        end=datetime.combine(following, time.min, tzinfo=tz).astimezone(UTC),
    )


def this_monday(now: datetime, tz: ZoneInfo) -> date:
    today = now.astimezone(tz).date()
    return today - timedelta(days=today.weekday())


def last_full_week(now: datetime, tz: ZoneInfo) -> Period:
    return week_of(this_monday(now, tz) - timedelta(days=7), tz)


def requested_week(week_start: date | None, now: datetime, tz: ZoneInfo) -> Period:
    """The week of the day asked for, or the last full one; a week not yet over has none."""
    if week_start is None:
        return last_full_week(now, tz)
    current = this_monday(now, tz)
    # Checked before any arithmetic, so dates near date.min/max cannot overflow.
    # Any day names its week; a week with no report (not over, or older than we keep) is not
    # found rather than invalid: the date itself is well-formed.
    if week_start >= current:
        raise NotFound("that week is not over yet: no report", code="week_not_over")
    if (current - week_start).days > MAX_WEEKS_BACK * 7:
        raise NotFound("that week is too long ago: no report", code="week_too_old")
    return week_of(week_start - timedelta(days=week_start.weekday()), tz)
