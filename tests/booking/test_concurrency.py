"""Whatever arrives at once: a slot is never overbooked, nobody holds two bookings of one item
on one day, and a retried request never makes a second booking. Runs on SQLite and PostgreSQL."""

import asyncio
from collections import Counter
from typing import Any

from aiohttp.test_utils import TestClient

from models.booking import Booking, BookingStatus, Slot
from tests.booking.support import book, slots_of


async def test_200_simultaneous_bookings_for_10_places_give_exactly_10(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizens = [await quick_citizen(f"o-{n}") for n in range(200)]
    slot = (await slots_of(client, citizens[0], hall, item))[0]
    assert slot["capacity"] == 10
    responses = await asyncio.gather(*(book(client, c, slot["id"]) for c in citizens))
    statuses = Counter(r.status for r in responses)
    assert statuses == {201: 10, 409: 190}
    codes = Counter([(await r.json())["code"] for r in responses if r.status == 409])
    assert codes == {"slot_full": 190}
    assert await Booking.filter(slot_id=slot["id"]).count() == 10
    assert (await Slot.get(id=slot["id"])).booked == 10


async def test_one_citizen_booking_many_slots_of_one_day_at_once_gets_one(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    tuesday = [s for s in await slots_of(client, citizen, hall, item) if s["day"] == "2026-12-01"]
    responses = await asyncio.gather(*(book(client, citizen, s["id"]) for s in tuesday))
    assert Counter(r.status for r in responses) == {201: 1, 409: len(tuesday) - 1}
    assert await Booking.filter(status=BookingStatus.BOOKED).count() == 1
    assert sum(await Slot.all().values_list("booked", flat=True)) == 1


async def test_one_citizen_cannot_pass_the_active_limit_by_sending_at_once(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    one_per_day = list({s["day"]: s for s in slots}.values())[:6]
    responses = await asyncio.gather(*(book(client, citizen, s["id"]) for s in one_per_day))
    assert Counter(r.status for r in responses) == {201: 3, 409: 3}
    assert await Booking.all().count() == 3


async def test_simultaneous_retries_with_one_key_make_one_booking(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[0]
    responses = await asyncio.gather(*(book(client, citizen, slot["id"], "k-1") for _ in range(20)))
    assert {r.status for r in responses} == {201}
    assert len({(await r.json())["id"] for r in responses}) == 1
    assert await Booking.all().count() == 1


async def test_simultaneous_reschedules_never_leave_two_bookings_or_none(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    booking = await (await book(client, citizen, slots[20]["id"])).json()
    path = f"/api/bookings/{booking['id']}/reschedule"
    targets = [s["id"] for s in slots[30:40]]
    responses = await asyncio.gather(
        *(client.post(path, json={"slot_id": t}, headers=citizen) for t in targets),
        client.post(f"/api/bookings/{booking['id']}/cancel", headers=citizen),
    )
    assert all(r.status in (200, 409) for r in responses)
    total = sum(await Slot.all().values_list("booked", flat=True))
    stored = await Booking.get(id=booking["id"])
    assert await Booking.all().count() == 1
    assert total == (0 if stored.status == BookingStatus.CANCELLED else 1)
    if stored.status == BookingStatus.BOOKED:
        assert (await Slot.get(id=stored.slot_id)).booked == 1  # type: ignore[attr-defined]
