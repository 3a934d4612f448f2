"""Slots: working days only, within opening hours, the horizon and the lead time."""

from datetime import date
from typing import Any

from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR
from miniapp_api.booking.present import SlotOut
from models.booking import Slot
from models.calendar import CalendarDay, DayKind, DaySource
from tests.booking.support import local, slots_of


def days_of(slots: list) -> list[str]:
    return sorted({slot["day"] for slot in slots})


async def test_slots_skip_national_holidays_and_follow_the_horizon(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    frozen_clock.set(local(2026, 9, 30, 10, 0))  # the day before National Day
    slots = await slots_of(client, await quick_citizen("o-1"), hall, item)
    # Oct 1-7 are holidays; Sat Oct 10 is an adjusted working day (调休) with Monday's hours;
    # 7 working days after Sep 30 is Oct 15.
    assert days_of(slots) == [
        "2026-09-30",
        "2026-10-08",
        "2026-10-09",
        "2026-10-10",
        "2026-10-12",
        "2026-10-13",
        "2026-10-14",
        "2026-10-15",
    ]
    today = [s for s in slots if s["day"] == "2026-09-30"]
    # Lead time 60 minutes: at 10:00 the first bookable slot starts at 11:00; the last at 16:30.
    assert today[0]["starts_at"].startswith("2026-09-30T03:00:00")
    assert today[-1]["ends_at"].startswith("2026-09-30T09:00:00")
    assert len(today) == 12 and len(slots) == 12 + 7 * 16
    assert all(s["remaining"] == s["capacity"] == 10 for s in slots)


async def test_slots_use_the_2027_fallback_calendar(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    frozen_clock.set(local(2026, 12, 30, 18, 0))
    days = days_of(await slots_of(client, await quick_citizen("o-1"), hall, item))
    assert "2027-01-01" not in days  # a configured fallback holiday (chinesecalendar lacks 2027)
    assert days[:3] == ["2026-12-31", "2027-01-04", "2027-01-05"]


async def test_local_closure_removes_the_day_even_after_slots_exist(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, app: Any
) -> None:
    citizen = await quick_citizen("o-1")
    assert "2026-12-03" in days_of(await slots_of(client, citizen, hall, item))
    await CalendarDay.create(
        day=date(2026, 12, 3), kind=DayKind.HOLIDAY, source=DaySource.LOCAL, name="停电"
    )
    await app[CALENDAR].reload()
    slots = await slots_of(client, citizen, hall, item)
    assert "2026-12-03" not in days_of(slots)
    closed = await client.get(
        "/api/booking/slots", params={"hall_id": hall.id, "item_id": item.id}, headers=citizen
    )
    assert closed.status == 200


async def test_unknown_hall_or_unserved_item_is_not_found(
    client: TestClient, hall: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    for params, code in (
        ({"hall_id": 999, "item_id": 1}, "hall_not_found"),
        ({"hall_id": hall.id, "item_id": 999}, "item_not_served"),
    ):
        response = await client.get("/api/booking/slots", params=params, headers=citizen)
        assert response.status == 404
        assert (await response.json())["code"] == code
    bad = await client.get("/api/booking/slots", params={"hall_id": "x"}, headers=citizen)
    assert bad.status == 422


async def test_manage_slots_changes_interval_and_capacity(
    client: TestClient,
    hall: Any,
    item: Any,
    frozen_clock: Any,
    quick_citizen: Any,
    make_staff: Any,
) -> None:
    handler = await make_staff("handler-1", ["handler"], "DEPT-A")
    other = await make_staff("handler-2", ["handler"], "DEPT-B")
    clerk = await make_staff("clerk-1", ["clerk"], "DEPT-A")
    path = f"/api/halls/{hall.id}/items/{item.id}/slots"
    body = {"slot_minutes": 60, "capacity": 2, "enabled": True}
    assert (await client.put(path, json=body, headers=other)).status == 404
    assert (await client.put(path, json=body, headers=clerk)).status == 403
    response = await client.put(path, json=body, headers=handler)
    assert response.status == 200, await response.text()
    slots = await slots_of(client, await quick_citizen("o-1"), hall, item)
    tuesday = [s for s in slots if s["day"] == "2026-12-01"]
    assert len(tuesday) == 8 and all(s["capacity"] == 2 for s in slots)

    await client.put(path, json={**body, "capacity": 5}, headers=handler)
    slots = await slots_of(client, await quick_citizen("o-2"), hall, item)
    assert all(s["capacity"] == 5 for s in slots)  # already generated slots follow

    await client.put(path, json={**body, "enabled": False}, headers=handler)
    assert await slots_of(client, await quick_citizen("o-3"), hall, item) == []


async def test_listed_slots_are_the_stored_slots_exactly(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    frozen_clock.set(local(2026, 9, 30, 10, 0))
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    first = await Slot.get(id=slots[0]["id"])
    first.booked = 3
    await first.save()
    answer = await (
        await client.get(
            "/api/booking/slots", params={"hall_id": hall.id, "item_id": item.id}, headers=citizen
        )
    ).json()
    stored = {s.id: s for s in await Slot.filter(id__in=[s["id"] for s in slots])}
    expected = [
        SlotOut(
            id=s.id, day=s.day, starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity,
            remaining=max(s.capacity - s.booked, 0),
        ).model_dump(mode="json")
        for s in sorted(stored.values(), key=lambda s: s.starts_at)
    ]  # fmt: skip
    assert answer == {"hall_id": hall.id, "item_id": item.id, "slots": expected}
    assert answer["slots"][0]["remaining"] == 7
