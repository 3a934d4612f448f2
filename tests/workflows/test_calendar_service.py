"""The process's calendar, rebuilt as stored days change, warns once about a year it lacks."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from aiohttp.test_utils import TestClient

from core.settings import Settings
from workflows.calendar_service import CalendarService

# A year no other test reads: the warning is recorded once per process.
UNKNOWN_YEAR = 2093


async def test_an_unknown_year_is_warned_about_once_however_often_the_calendar_is_rebuilt(
    client: TestClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="workflows.calendar")
    # refresh_seconds=0: every request rebuilds the calendar from the stored days.
    service = CalendarService(settings.calendar, refresh_seconds=0)
    for day in range(1, 11):
        calendar = await service.current()
        calendar.add_working_days(date(UNKNOWN_YEAR, 3, day), 5)

    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "workflows.calendar" and str(UNKNOWN_YEAR) in r.getMessage()
    ]
    assert len(warnings) == 1
