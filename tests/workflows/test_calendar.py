import logging
import random
import time
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from workflows.calendar import WorkingCalendar

SPRING_FESTIVAL_2026 = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
SPRING_FESTIVAL_2026_ADJUSTED_WORKDAYS = [date(2026, 2, 14), date(2026, 2, 28)]
NATIONAL_DAY_2025 = [date(2025, 10, 1) + timedelta(days=i) for i in range(8)]
NATIONAL_DAY_2025_ADJUSTED_WORKDAYS = [date(2025, 9, 28), date(2025, 10, 11)]
NATIONAL_DAY_2027_FALLBACK = [date(2027, 10, 1) + timedelta(days=i) for i in range(7)]


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def _warnings_from_calendar(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "workflows.calendar" and record.levelno == logging.WARNING
    ]


# --- facts taken from the chinese_calendar data before relying on them ---


def test_package_data_has_spring_festival_2026_with_two_adjusted_saturdays() -> None:
    for day in SPRING_FESTIVAL_2026:
        assert chinese_calendar.is_holiday(day)
        assert chinese_calendar.get_holiday_detail(day) == (True, "Spring Festival")
    for day in SPRING_FESTIVAL_2026_ADJUSTED_WORKDAYS:
        assert day.weekday() == 5
        assert chinese_calendar.is_workday(day)
        # The package names the festival even for the adjusted working day.
        assert chinese_calendar.get_holiday_detail(day) == (False, "Spring Festival")
    assert chinese_calendar.is_workday(date(2026, 2, 13))
    assert chinese_calendar.is_workday(date(2026, 2, 24))


def test_package_data_has_national_day_2025_as_oct_1_to_8_with_mid_autumn_inside() -> None:
    for day in NATIONAL_DAY_2025:
        assert chinese_calendar.is_holiday(day)
    assert chinese_calendar.get_holiday_detail(date(2025, 10, 6)) == (
        True,
        "Mid-autumn Festival",
    )
    assert [day.weekday() for day in NATIONAL_DAY_2025_ADJUSTED_WORKDAYS] == [6, 5]
    for day in NATIONAL_DAY_2025_ADJUSTED_WORKDAYS:
        assert chinese_calendar.is_workday(day)


def test_package_data_raises_for_2027() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


# --- official schedule ---


def test_official_years_are_exactly_what_the_package_knows(calendar: WorkingCalendar) -> None:
    assert calendar.official_years() == range(2004, 2027)
    assert calendar.knows_year(2004)
    assert calendar.knows_year(2026)
    assert not calendar.knows_year(2003)
    assert not calendar.knows_year(2027)


def test_overrides_do_not_make_a_year_known() -> None:
    calendar = WorkingCalendar(holidays=[date(2027, 1, 1)], workdays=[date(2027, 1, 2)])
    assert not calendar.knows_year(2027)


def test_every_official_day_agrees_with_chinese_calendar_is_workday(
    calendar: WorkingCalendar,
) -> None:
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_spring_festival_2026_is_off_and_its_adjusted_saturdays_are_on(
    calendar: WorkingCalendar,
) -> None:
    for day in SPRING_FESTIVAL_2026:
        assert not calendar.is_working_day(day)
    for day in SPRING_FESTIVAL_2026_ADJUSTED_WORKDAYS:
        assert calendar.is_working_day(day)


def test_deadline_from_feb_12_2026_counts_the_adjusted_saturday_and_skips_the_festival(
    calendar: WorkingCalendar,
) -> None:
    start = date(2026, 2, 12)
    assert calendar.add_working_days(start, 1) == date(2026, 2, 13)
    assert calendar.add_working_days(start, 2) == date(2026, 2, 14)
    assert calendar.add_working_days(start, 3) == date(2026, 2, 24)
    # 13, 14, 24, 25, 26, 27, 28 (adjusted Saturday), Mar 2, 3, 4
    assert calendar.add_working_days(start, 10) == date(2026, 3, 4)


def test_deadline_starting_inside_the_festival_begins_counting_after_it(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.add_working_days(date(2026, 2, 16), 1) == date(2026, 2, 24)
    assert calendar.next_working_day(date(2026, 2, 14)) == date(2026, 2, 24)


def test_national_day_2025_is_off_and_its_adjusted_weekend_days_are_on(
    calendar: WorkingCalendar,
) -> None:
    for day in NATIONAL_DAY_2025:
        assert not calendar.is_working_day(day)
    for day in NATIONAL_DAY_2025_ADJUSTED_WORKDAYS:
        assert calendar.is_working_day(day)


def test_deadline_across_national_day_2025_counts_the_adjusted_sunday(
    calendar: WorkingCalendar,
) -> None:
    start = date(2025, 9, 26)
    assert calendar.add_working_days(start, 1) == date(2025, 9, 28)
    assert calendar.add_working_days(start, 3) == date(2025, 9, 30)
    assert calendar.add_working_days(start, 4) == date(2025, 10, 9)
    assert calendar.add_working_days(date(2025, 10, 9), 2) == date(2025, 10, 11)


# --- years the package does not know ---


def test_unknown_year_treats_weekends_as_off_and_weekdays_as_on(
    calendar: WorkingCalendar,
) -> None:
    assert not calendar.is_working_day(date(2027, 1, 2))
    assert not calendar.is_working_day(date(2027, 1, 3))
    assert calendar.is_working_day(date(2027, 1, 4))
    # Without configuration even New Year's Day is a working day: nothing is guessed.
    assert calendar.is_working_day(date(2027, 1, 1))


def test_configured_fallback_holidays_are_off_in_an_unknown_year() -> None:
    calendar = WorkingCalendar(fallback_holidays=[date(2027, 1, 1), *NATIONAL_DAY_2027_FALLBACK])
    assert not calendar.is_working_day(date(2027, 1, 1))
    for day in NATIONAL_DAY_2027_FALLBACK:
        assert not calendar.is_working_day(day)
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 8)


def test_fallback_holidays_are_ignored_in_a_year_the_package_knows() -> None:
    calendar = WorkingCalendar(fallback_holidays=[date(2026, 3, 3)])
    assert calendar.is_working_day(date(2026, 3, 3))


def test_unknown_year_warning_is_logged_once_per_year_across_calendars(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="workflows.calendar")
    warned: set[int] = set()  # this test's own record, as the process's would be
    calendar = WorkingCalendar(warned_years=warned)

    calendar.add_working_days(date(2027, 1, 1), 40)
    calendar.working_days_between(date(2027, 3, 1), date(2027, 12, 31))
    assert len(_warnings_from_calendar(caplog)) == 1
    assert "2027" in _warnings_from_calendar(caplog)[0].getMessage()

    calendar.is_working_day(date(2028, 5, 8))
    assert len(_warnings_from_calendar(caplog)) == 2
    assert "2028" in _warnings_from_calendar(caplog)[1].getMessage()

    # A rebuilt calendar (stored days changed) does not warn again about the same years.
    WorkingCalendar(warned_years=warned).is_working_day(date(2027, 1, 4))
    WorkingCalendar(warned_years=warned).is_working_day(date(2028, 1, 4))
    assert len(_warnings_from_calendar(caplog)) == 2


def test_known_years_and_overridden_days_do_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="workflows.calendar")
    calendar = WorkingCalendar(holidays=[date(2027, 1, 1)], workdays=[date(2027, 1, 2)])
    calendar.add_working_days(date(2026, 1, 1), 200)
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_working_day(date(2027, 1, 2))
    assert _warnings_from_calendar(caplog) == []


def test_overrides_loaded_for_an_unknown_year_win_over_weekends_and_fallback() -> None:
    calendar = WorkingCalendar(
        holidays=[date(2027, 10, 8)],
        workdays=[date(2027, 9, 26), date(2027, 10, 1)],
        fallback_holidays=NATIONAL_DAY_2027_FALLBACK,
    )
    assert calendar.is_working_day(date(2027, 9, 26))  # Sunday
    assert calendar.is_working_day(date(2027, 10, 1))  # listed as fallback holiday
    assert not calendar.is_working_day(date(2027, 10, 8))  # Friday
    assert calendar.add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 1)
    assert calendar.add_working_days(date(2027, 10, 1), 1) == date(2027, 10, 11)


# --- local overrides ---


def test_local_closure_on_a_normal_weekday_is_off() -> None:
    calendar = WorkingCalendar(holidays=[date(2026, 3, 3)])
    assert not calendar.is_working_day(date(2026, 3, 3))
    assert calendar.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 4)


def test_declared_workday_on_a_sunday_is_on() -> None:
    calendar = WorkingCalendar(workdays=[date(2026, 3, 8)])
    assert calendar.is_working_day(date(2026, 3, 8))
    assert calendar.next_working_day(date(2026, 3, 6)) == date(2026, 3, 8)


def test_overrides_win_over_the_official_schedule() -> None:
    calendar = WorkingCalendar(holidays=[date(2026, 2, 14)], workdays=[date(2026, 2, 16)])
    assert not calendar.is_working_day(date(2026, 2, 14))
    assert calendar.is_working_day(date(2026, 2, 16))


def test_a_date_both_closed_and_declared_working_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match="2026-03-03"):
        WorkingCalendar(holidays=[date(2026, 3, 3)], workdays=[date(2026, 3, 3)])


# --- counting ---


def test_next_working_day_is_strictly_after_the_given_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2026, 3, 2)) == date(2026, 3, 3)
    assert calendar.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)


def test_adding_zero_days_keeps_a_working_day_and_rolls_a_closed_day_forward(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert calendar.add_working_days(date(2026, 3, 8), 0) == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 24)


def test_the_start_day_never_counts(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert calendar.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_adding_negative_days_is_rejected(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 2), -1)


def test_working_days_between_counts_the_half_open_interval(
    calendar: WorkingCalendar,
) -> None:
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert calendar.working_days_between(date(2025, 9, 30), date(2025, 10, 10)) == 2


def test_working_days_between_is_zero_for_the_same_day(calendar: WorkingCalendar) -> None:
    assert calendar.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert calendar.working_days_between(date(2026, 2, 16), date(2026, 2, 16)) == 0


def test_working_days_between_reversed_is_the_negated_reverse_count(
    calendar: WorkingCalendar,
) -> None:
    pairs = [
        (date(2026, 2, 12), date(2026, 2, 24)),
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2025, 9, 26), date(2025, 10, 12)),
    ]
    for start, end in pairs:
        forward = calendar.working_days_between(start, end)
        assert forward > 0
        assert calendar.working_days_between(end, start) == -forward


def test_adding_then_counting_round_trips_for_random_starts(calendar: WorkingCalendar) -> None:
    rng = random.Random(20260215)
    first, last = date(2003, 6, 1), date(2027, 6, 30)
    for _ in range(1000):
        start = first + timedelta(days=rng.randrange((last - first).days))
        days = rng.randint(1, 300)
        due = calendar.add_working_days(start, days)
        assert calendar.is_working_day(due)
        assert calendar.working_days_between(start, due) == days, (start, days)
        assert calendar.working_days_between(start, due - timedelta(days=1)) == days - 1
        split = rng.randint(1, days)
        middle = calendar.add_working_days(start, split)
        assert calendar.add_working_days(middle, days - split) == due, (start, days, split)


def test_a_one_year_deadline_is_fast_cold_and_faster_warm() -> None:
    calendar = WorkingCalendar()
    started = time.perf_counter()
    due = calendar.add_working_days(date(2025, 1, 2), 250)
    cold = time.perf_counter() - started

    warm = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        assert calendar.add_working_days(date(2025, 1, 2), 250) == due
        warm = min(warm, time.perf_counter() - started)

    assert cold < 0.02
    assert warm < 0.005


def test_a_datetime_is_refused_where_a_local_date_is_expected(
    calendar: WorkingCalendar,
) -> None:
    with pytest.raises(TypeError):
        calendar.is_working_day(datetime(2026, 3, 2, 12, tzinfo=UTC))


# --- time zones ---


def test_due_at_uses_the_local_date_of_a_utc_moment_after_local_midnight(
    calendar: WorkingCalendar,
) -> None:
    submitted = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)  # 2026-03-03 01:00 local
    due = calendar.due_at(submitted, 1)
    assert due == datetime(2026, 3, 4, 23, 59, 59, 999999, tzinfo=calendar.tz)
    assert due.utcoffset() == timedelta(hours=8)
    assert str(due.tzinfo) == "Asia/Shanghai"


def test_due_at_uses_the_local_date_of_a_utc_moment_before_local_midnight(
    calendar: WorkingCalendar,
) -> None:
    submitted = datetime(2026, 3, 2, 15, 59, tzinfo=UTC)  # 2026-03-02 23:59 local
    assert calendar.due_at(submitted, 1) == datetime(
        2026, 3, 3, 23, 59, 59, 999999, tzinfo=calendar.tz
    )


def test_due_at_zero_days_is_the_end_of_the_same_working_day(
    calendar: WorkingCalendar,
) -> None:
    submitted = datetime(2026, 3, 3, 9, 30, tzinfo=calendar.tz)
    assert calendar.due_at(submitted, 0) == datetime(
        2026, 3, 3, 23, 59, 59, 999999, tzinfo=calendar.tz
    )


def test_due_at_honours_a_configured_time_zone() -> None:
    calendar = WorkingCalendar(tz="UTC")
    submitted = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    due = calendar.due_at(submitted, 1)
    assert due == datetime(2026, 3, 3, 23, 59, 59, 999999, tzinfo=UTC)
    assert due.utcoffset() == timedelta(0)


def test_naive_datetimes_are_rejected(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.due_at(datetime(2026, 3, 2, 17, 0), 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.local_date(datetime(2026, 3, 2, 17, 0))


def test_local_date_converts_to_the_calendar_time_zone(calendar: WorkingCalendar) -> None:
    assert calendar.local_date(datetime(2026, 3, 2, 16, 0, tzinfo=UTC)) == date(2026, 3, 3)
    assert calendar.local_date(datetime(2026, 3, 2, 15, 59, tzinfo=UTC)) == date(2026, 3, 2)
