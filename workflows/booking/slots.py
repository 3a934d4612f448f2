"""Which slots exist: working days only, within the hall's opening hours, the horizon and the lead
time (seed 001 §三). Slots are generated lazily, a day at a time, the first time someone looks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core.errors import Conflict, NotFound
from core.settings import BookingSettings
from models.booking import Slot, SlotConfig
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from workflows import statements as sql
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc

log = logging.getLogger(__name__)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_COLUMNS = ("id", "day", "starts_at", "ends_at", "capacity", "booked")


@dataclass(frozen=True)
class SlotRule:
    slot_minutes: int
    capacity: int
    enabled: bool


async def slot_rule(hall_id: int, item_id: int, settings: BookingSettings) -> SlotRule:
    """The hall's rule for the item (one per pair), or the configured default. Read on every
    listSlots: one explicit statement."""
    db = sql.connection(SlotConfig)
    hall, item = sql.placeholders(db, 2)
    rows = await db.execute_query_dict(
        f"SELECT slot_minutes, capacity, enabled FROM {sql.table(SlotConfig)} "
        f"WHERE hall_id = {hall} AND item_id = {item}",
        [hall_id, item_id],
    )
    if not rows:
        return SlotRule(settings.slot_minutes, settings.slot_capacity, True)
    row = rows[0]
    return SlotRule(row["slot_minutes"], row["capacity"], bool(row["enabled"]))


async def hall_and_item(hall_id: int, item_id: int) -> tuple[ServiceHall, ServiceItem]:
    """The hall and a published item it serves, or NotFound. One explicit statement (read on
    every listSlots): the hall, and through its item links the item if it is published."""
    db = sql.connection(ServiceHall)
    links = ServiceHall._meta.fields_map["items"]
    item_mark, status_mark, hall_mark = sql.placeholders(db, 3)
    rows = await db.execute_query_dict(
        f"SELECT {sql.select_list(ServiceHall, 'h')}, {sql.select_list(ServiceItem, 'i', 'i__')} "
        f"FROM {sql.table(ServiceHall)} h "
        f"LEFT JOIN {links.through} l ON l.{links.backward_key} = h.id "  # type: ignore[attr-defined]
        f"AND l.{links.forward_key} = {item_mark} "  # type: ignore[attr-defined]
        f"LEFT JOIN {sql.table(ServiceItem)} i ON i.id = l.{links.forward_key} "  # type: ignore[attr-defined]
        f"AND i.status = {status_mark} WHERE h.id = {hall_mark}",
        [item_id, ItemStatus.PUBLISHED.value, hall_id],
    )
    if not rows:
        raise NotFound("no such service hall", code="hall_not_found")
    hall = sql.from_row(ServiceHall, rows[0])
    item = sql.joined_from_row(ServiceItem, rows[0], "i__")
    if item is None:
        raise NotFound("this hall does not take bookings for that item", code="item_not_served")
    return hall, item


def opening_periods(opening_hours: dict[str, Any], day: date) -> list[tuple[time, time]]:
    """The hall's periods on a working day; an adjusted working weekend (调休) keeps Monday hours.

    Accepts ["09:00", "17:00"] or [["09:00", "12:00"], ["13:30", "17:00"]] per weekday.
    """
    key = WEEKDAYS[day.weekday()]
    raw = opening_hours.get(key)
    if raw is None and day.weekday() >= 5:
        raw = opening_hours.get("mon")
    return parse_periods(raw, key)


def parse_periods(raw: Any, key: str) -> list[tuple[time, time]]:
    """One weekday's entry of a hall's opening hours; malformed pairs are skipped, logged."""
    if not raw:
        return []
    pairs = [raw] if isinstance(raw[0], str) else raw
    periods = []
    for pair in pairs:
        try:
            start, end = time.fromisoformat(pair[0]), time.fromisoformat(pair[1])
        except (TypeError, ValueError, IndexError):
            log.warning("ignoring malformed opening hours %r on %s", pair, key)
            continue
        if start < end:
            periods.append((start, end))
    return periods


def bookable_days(
    calendar: WorkingCalendar, settings: BookingSettings, now: datetime
) -> list[date]:
    today = calendar.local_date(now)
    last = calendar.add_working_days(today, settings.horizon_working_days)
    days, day = [], today
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def day_slots(
    hall: ServiceHall, item_id: int, day: date, rule: SlotRule, calendar: WorkingCalendar
) -> list[Slot]:
    step = timedelta(minutes=rule.slot_minutes)
    slots = []
    for start, end in opening_periods(hall.opening_hours, day):
        moment = datetime.combine(day, start, tzinfo=calendar.tz)
        close = datetime.combine(day, end, tzinfo=calendar.tz)
        while moment + step <= close:
            slots.append(
                Slot(
                    hall_id=hall.id,
                    item_id=item_id,
                    day=day,
                    starts_at=as_utc(moment),
                    ends_at=as_utc(moment + step),
                    capacity=rule.capacity,
                )
            )
            moment += step
    return slots


async def open_slots(
    hall: ServiceHall,
    item: ServiceItem,
    calendar: WorkingCalendar,
    settings: BookingSettings,
    now: datetime,
) -> list[Any]:
    """The slots a citizen may book now, as rows of SLOT_COLUMNS (mappings), generating days not
    generated yet."""
    rule = await slot_rule(hall.id, item.id, settings)
    if not rule.enabled:
        return []
    days = bookable_days(calendar, settings, now)
    if not days:
        return []
    # One read tells which days exist and what is open (plus today's earlier slots, dropped below).
    rows = await slot_rows(hall.id, item.id, days[0], days[-1])
    existing = {row["day"] for row in rows}
    missing = [
        s for d in days if d not in existing for s in day_slots(hall, item.id, d, rule, calendar)
    ]
    if missing:
        # Another request may generate the same day at once: the unique index keeps one copy.
        await Slot.bulk_create(missing, ignore_conflicts=True)
        rows = await slot_rows(hall.id, item.id, days[0], days[-1])
    earliest = as_utc(now) + timedelta(minutes=settings.min_lead_minutes)
    # The rows span days[0]..days[-1], whose working days are `days`: a day that closed since its
    # slots were generated is left out without asking the calendar once per slot.
    working = set(days)
    return [row for row in rows if row["starts_at"] >= earliest and row["day"] in working]


async def slot_rows(hall_id: int, item_id: int, first: date, last: date) -> Sequence[Any]:
    """The item's slots at the hall from `first` to `last` by start, as rows of SLOT_COLUMNS
    (mappings) with the values `.values(*SLOT_COLUMNS)` gives: one explicit statement, a week of
    slots, each column converted only where the driver does not give its Python value."""
    db = sql.connection(Slot)
    marks = sql.placeholders(db, 4)
    _, rows = await db.execute_query(
        f"SELECT {', '.join(SLOT_COLUMNS)} FROM {sql.table(Slot)} WHERE hall_id = {marks[0]} "
        f"AND item_id = {marks[1]} AND day >= {marks[2]} AND day <= {marks[3]} ORDER BY starts_at",
        [hall_id, item_id, sql.param(Slot, "day", first), sql.param(Slot, "day", last)],
    )
    return sql.typed_rows(Slot, rows, SLOT_COLUMNS)


async def check_bookable(
    slot: Slot, calendar: WorkingCalendar, settings: BookingSettings, now: datetime
) -> None:
    """Refuse a slot on a day that closed since it was generated, past the horizon or too soon."""
    refuse_unbookable(slot.day, slot.starts_at, calendar, settings, now)
    if not (await slot_rule(slot.hall_id, slot.item_id, settings)).enabled:  # type: ignore[attr-defined]
        refuse_disabled()


def refuse_unbookable(
    day: date, starts_at: datetime, calendar: WorkingCalendar, settings: BookingSettings,
    now: datetime,
) -> None:  # fmt: skip
    """check_bookable's checks of the day and time, for a caller that read the slot itself."""
    if not calendar.is_working_day(day):
        raise Conflict("the hall is closed that day", code="slot_not_bookable")
    if starts_at < now + timedelta(minutes=settings.min_lead_minutes):
        raise Conflict(
            f"book at least {settings.min_lead_minutes} minutes ahead", code="slot_not_bookable"
        )
    days = bookable_days(calendar, settings, now)
    if not days or day > days[-1]:
        raise Conflict("that day is beyond the booking horizon", code="slot_not_bookable")


def refuse_disabled() -> None:
    raise Conflict("this hall takes no bookings for that item now", code="slot_not_bookable")
