"""Quiet hours: no citizen follow-ups at night; they wait for the morning."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def quiet_until(now: datetime, start: time, end: time, tz: ZoneInfo) -> datetime | None:
    """The end of the quiet period `now` falls in, or None outside it."""
    local = now.astimezone(tz)
    clock = local.time()
    in_quiet = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not in_quiet or start == end:
        return None
    morning = datetime.combine(local.date(), end, tzinfo=tz)
    if morning <= local:
        morning += timedelta(days=1)
    return morning
