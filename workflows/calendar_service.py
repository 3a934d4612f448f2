"""The calendar every process uses: national rules, config, and days stored in the database.

Stored days change rarely (an admin loads a year, a county declares a closure). Each process
rebuilds its calendar when its copy is older than `refresh_seconds`, so a change reaches every
server and worker within that time without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date

from tortoise.transactions import in_transaction

from core.errors import ValidationFailed
from core.settings import CalendarSettings
from models.calendar import CalendarDay, DayKind, DaySource
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar


class CalendarService:
    def __init__(self, settings: CalendarSettings, refresh_seconds: float = 60.0) -> None:
        self._settings = settings
        self._refresh_seconds = refresh_seconds
        self._calendar: WorkingCalendar | None = None
        self._loaded_at = 0.0

    async def current(self) -> WorkingCalendar:
        if self._calendar is None or time.monotonic() - self._loaded_at > self._refresh_seconds:
            await self.reload()
        assert self._calendar is not None
        return self._calendar

    async def reload(self) -> WorkingCalendar:
        stored = await CalendarDay.all().values_list("day", "kind")
        holidays = set(self._settings.local_closures)
        workdays = set(self._settings.extra_workdays)
        for day, kind in stored:
            # A stored day overrides what config says of the same day.
            (holidays if kind == DayKind.HOLIDAY else workdays).add(day)
            (workdays if kind == DayKind.HOLIDAY else holidays).discard(day)
        self._calendar = WorkingCalendar(
            holidays=holidays,
            workdays=workdays,
            fallback_holidays=self._settings.fallback_holidays,
            tz=self._settings.timezone,
        )
        self._loaded_at = time.monotonic()
        return self._calendar

    async def has_official_year(self, year: int) -> bool:
        return await CalendarDay.filter(
            source=DaySource.OFFICIAL, day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
        ).exists()

    async def load_official_year(
        self,
        actor: Actor,
        year: int,
        holidays: Iterable[tuple[date, str]],
        workdays: Iterable[tuple[date, str]],
    ) -> int:
        """Replace a year's official schedule (holidays and adjusted working weekends)."""
        holiday_list, workday_list = list(holidays), list(workdays)
        _check_year(year, holiday_list, workday_list)
        async with in_transaction():
            previous = await CalendarDay.filter(
                source=DaySource.OFFICIAL, day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
            ).count()
            await CalendarDay.filter(
                day__gte=date(year, 1, 1), day__lte=date(year, 12, 31), source=DaySource.OFFICIAL
            ).delete()
            local_days = set(
                await CalendarDay.filter(
                    day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
                ).values_list("day", flat=True)
            )
            rows = [
                CalendarDay(day=day, kind=kind, source=DaySource.OFFICIAL, name=name)
                for kind, days in ((DayKind.HOLIDAY, holiday_list), (DayKind.WORKDAY, workday_list))
                for day, name in days
                if day not in local_days  # a local decision on a day stands
            ]
            await CalendarDay.bulk_create(rows)
            await record_change(
                actor,
                "calendar.year_loaded",
                "calendar_year",
                year,
                before={"official_days": previous},
                after={"holidays": len(holiday_list), "workdays": len(workday_list)},
            )
        await self.reload()
        return len(rows)


def _check_year(
    year: int, holidays: list[tuple[date, str]], workdays: list[tuple[date, str]]
) -> None:
    problems: dict[str, str] = {}
    for label, days in (("holidays", holidays), ("workdays", workdays)):
        outside = [d.isoformat() for d, _ in days if d.year != year]
        if outside:
            problems[label] = f"dates outside {year}: {', '.join(outside[:5])}"
    both = {d for d, _ in holidays} & {d for d, _ in workdays}
    if both:
        problems["workdays"] = "also listed as holidays: " + ", ".join(
            sorted(d.isoformat() for d in both)[:5]
        )
    if problems:
        raise ValidationFailed("the schedule is not consistent", fields=problems)
