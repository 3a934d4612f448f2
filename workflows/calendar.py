"""Chinese working-day (工作日) calendar used for every deadline in the product.

Mainland public holidays and adjusted working weekends (调休) come from the
``chinese_calendar`` package; a deployment layers its own overrides on top and
supplies fallback holidays for years the package has no data for yet.
"""

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

logger = logging.getLogger(__name__)

_ONE_DAY = timedelta(days=1)
# Years already warned about in this process. A calendar is rebuilt whenever stored days may have
# changed (CalendarService), so a per-instance record would repeat the warning every rebuild.
_WARNED_YEARS: set[int] = set()


class WorkingCalendar:
    """Answers "is this a working day" and counts working-day deadlines.

    Precedence for a given day: explicit ``holidays``/``workdays`` overrides,
    then the official schedule from ``chinese_calendar`` when it knows the year,
    otherwise weekends and ``fallback_holidays`` are off (with a warning logged
    once per year and process, or per ``warned_years`` record if one is given).
    Results are cached per day on the instance.
    """

    def __init__(
        self,
        *,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        fallback_holidays: Iterable[date] = (),
        tz: str = "Asia/Shanghai",
        warned_years: set[int] | None = None,
    ) -> None:
        self._holidays = frozenset(_as_date(day) for day in holidays)
        self._workdays = frozenset(_as_date(day) for day in workdays)
        conflicts = sorted(self._holidays & self._workdays)
        if conflicts:
            listed = ", ".join(day.isoformat() for day in conflicts)
            raise ValueError(f"dates declared both a holiday and a working day: {listed}")
        self._fallback_holidays = frozenset(_as_date(day) for day in fallback_holidays)
        self._tz = ZoneInfo(tz)
        # chinese_calendar.is_workday rescans its whole table on every call to
        # validate the year (~30 µs), so the range is derived once here and the
        # exported tables are consulted directly in _official_is_working_day.
        known = [day.year for day in chinese_calendar.holidays]
        self._official_years = range(min(known), max(known) + 1)
        self._cache: dict[date, bool] = {}
        self._warned_years = _WARNED_YEARS if warned_years is None else warned_years

    @property
    def tz(self) -> ZoneInfo:
        return self._tz

    def official_years(self) -> range:
        """Years for which chinese_calendar ships the official State Council schedule."""
        return self._official_years

    def knows_year(self, year: int) -> bool:
        """True only if chinese_calendar has the official schedule for ``year``.

        Overrides do not count: a year covered only by overrides or fallback
        holidays is still reported as unknown.
        """
        return year in self._official_years

    def is_working_day(self, day: date) -> bool:
        day = _as_date(day)
        cached = self._cache.get(day)
        if cached is None:
            cached = self._compute(day)
            self._cache[day] = cached
        return cached

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        current = _as_date(day) + _ONE_DAY
        while not self.is_working_day(current):
            current += _ONE_DAY
        return current

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day strictly after ``start``.

        The start day itself never counts (期间开始之日不计算在内). With
        ``days == 0`` the result is ``start`` if it is a working day, else the
        next working day.
        """
        start = _as_date(start)
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        if days == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        current = start
        for _ in range(days):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; the negated reverse count if end < start."""
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start + _ONE_DAY
        while current <= end:
            if self.is_working_day(current):
                count += 1
            current += _ONE_DAY
        return count

    def local_date(self, moment: datetime) -> date:
        """The calendar-timezone date of an aware datetime."""
        _require_aware(moment)
        return moment.astimezone(self._tz).date()

    def due_at(self, start: datetime, days: int) -> datetime:
        """End (23:59:59.999999 local) of the ``days``-th working day after ``start``."""
        due_day = self.add_working_days(self.local_date(start), days)
        return datetime.combine(due_day, time.max, tzinfo=self._tz)

    def _compute(self, day: date) -> bool:
        if day in self._holidays:
            return False
        if day in self._workdays:
            return True
        if day.year in self._official_years:
            return _official_is_working_day(day)
        if day.year not in self._warned_years:
            self._warned_years.add(day.year)
            logger.warning(
                "official holiday schedule for %d is not loaded (chinesecalendar knows "
                "%d-%d); days without an override fall back to weekends plus %d "
                "configured fallback holidays",
                day.year,
                self._official_years.start,
                self._official_years.stop - 1,
                sum(1 for holiday in self._fallback_holidays if holiday.year == day.year),
            )
        return day.weekday() < 5 and day not in self._fallback_holidays


def _official_is_working_day(day: date) -> bool:
    # Same rule as chinese_calendar.is_workday, minus its per-call table scan.
    return day in chinese_calendar.workdays or (
        day.weekday() < 5 and day not in chinese_calendar.holidays
    )


def _as_date(day: date) -> date:
    # datetime subclasses date: accepting one would silently use its naive
    # wall-clock date (and hash differently in the cache) instead of the
    # calendar-timezone date, so callers must go through local_date().
    if isinstance(day, datetime):
        raise TypeError("expected a date, got a datetime; use local_date() first")
    return day


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment.isoformat()}")
