"""Check-in and walk-in numbers at the hall (取号): booked visitors first, numbers never repeat."""

import asyncio
from typing import Any

from aiohttp.test_utils import TestClient

from models.booking import QueueTicket
from tests.booking.support import book, local, slots_of


async def booked(client: TestClient, citizen: dict, hall: Any, item: Any, index: int) -> dict:
    slot = (await slots_of(client, citizen, hall, item))[index]
    response = await book(client, citizen, slot["id"])
    assert response.status == 201, await response.text()
    return await response.json()


async def test_check_in_gives_booked_numbers_and_walk_ins_their_own(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    clerk = await make_staff("clerk-1", ["clerk"], "DEPT-A")
    first = await booked(client, await quick_citizen("o-1"), hall, item, 2)
    second = await booked(client, await quick_citizen("o-2"), hall, item, 0)
    frozen_clock.set(local(2026, 12, 1, 9, 5))
    path = f"/api/halls/{hall.id}/check-in"
    response = await client.post(path, json={"booking_code": first["code"].lower()}, headers=clerk)
    assert response.status == 201, await response.text()
    body = await response.json()
    assert body["ticket"]["label"] == "A001" and body["booking"]["status"] == "checked_in"
    walk_in = await client.post(f"/api/halls/{hall.id}/walk-in-numbers", json={}, headers=clerk)
    assert walk_in.status == 201 and (await walk_in.json())["label"] == "B001"
    response = await client.post(path, json={"booking_code": second["code"]}, headers=clerk)
    assert (await response.json())["ticket"]["label"] == "A002"
    # Scanned twice: the same number, not a new one.
    again = await client.post(path, json={"booking_code": first["code"]}, headers=clerk)
    assert (await again.json())["ticket"]["label"] == "A001"
    assert await QueueTicket.all().count() == 3
    # Booked visitors are called by slot time: the 09:00 booking before the 10:00 one.
    order = (
        await QueueTicket.filter(kind="booked")
        .order_by("priority_at")
        .values_list("label", flat=True)
    )
    assert order == ["A002", "A001"]


async def test_check_in_is_refused_on_the_wrong_day_or_after_the_slot(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    clerk = await make_staff("clerk-1", ["clerk"], "DEPT-A")
    booking = await booked(client, await quick_citizen("o-1"), hall, item, 20)  # Wed 11:00
    path = f"/api/halls/{hall.id}/check-in"
    early = await client.post(path, json={"booking_code": booking["code"]}, headers=clerk)
    assert early.status == 409 and (await early.json())["code"] == "checkin_wrong_day"
    frozen_clock.set(local(2026, 12, 2, 11, 46))  # slot ended 11:30, grace 15 minutes
    late = await client.post(path, json={"booking_code": booking["code"]}, headers=clerk)
    assert late.status == 409 and (await late.json())["code"] == "booking_expired"
    unknown = await client.post(path, json={"booking_code": "ZZZZZZZZ"}, headers=clerk)
    assert unknown.status == 404 and (await unknown.json())["code"] == "booking_not_found"


async def test_only_clerks_of_the_halls_department_issue_numbers(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    citizen = await quick_citizen("o-1")
    booking = await booked(client, citizen, hall, item, 0)
    outsider = await make_staff("clerk-b", ["clerk"], "DEPT-B")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    path = f"/api/halls/{hall.id}/check-in"
    for headers, status in ((outsider, 404), (handler, 403), (citizen, 403)):
        response = await client.post(path, json={"booking_code": booking["code"]}, headers=headers)
        assert response.status == status
        walk_in = await client.post(
            f"/api/halls/{hall.id}/walk-in-numbers", json={}, headers=headers
        )
        assert walk_in.status == status
    assert await QueueTicket.all().count() == 0


async def test_simultaneous_walk_ins_get_distinct_numbers(
    client: TestClient, hall: Any, frozen_clock: Any, make_staff: Any
) -> None:
    clerks = [await make_staff(f"clerk-{n}", ["clerk"], "DEPT-A") for n in range(4)]
    path = f"/api/halls/{hall.id}/walk-in-numbers"
    responses = await asyncio.gather(
        *(client.post(path, json={}, headers=clerks[n % 4]) for n in range(40))
    )
    labels = sorted([(await r.json())["label"] for r in responses])
    assert labels == [f"B{n:03d}" for n in range(1, 41)]


async def test_walk_in_numbers_only_on_working_days(
    client: TestClient, hall: Any, frozen_clock: Any, make_staff: Any
) -> None:
    clerk = await make_staff("clerk-1", ["clerk"], "DEPT-A")
    frozen_clock.set(local(2026, 10, 2, 10, 0))  # National Day holiday
    response = await client.post(f"/api/halls/{hall.id}/walk-in-numbers", json={}, headers=clerk)
    assert response.status == 409 and (await response.json())["code"] == "hall_closed"


async def test_cancelled_booking_gets_no_number_and_one_number_per_booking(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    clerks = [await make_staff(f"clerk-{n}", ["clerk"], "DEPT-A") for n in range(2)]
    citizen = await quick_citizen("o-1")
    cancelled = await booked(client, citizen, hall, item, 4)
    await client.post(f"/api/bookings/{cancelled['id']}/cancel", headers=citizen)
    path = f"/api/halls/{hall.id}/check-in"
    refused = await client.post(path, json={"booking_code": cancelled["code"]}, headers=clerks[0])
    assert refused.status == 409 and (await refused.json())["code"] == "booking_not_active"
    live = await booked(client, citizen, hall, item, 5)
    frozen_clock.set(local(2026, 12, 1, 10, 0))
    responses = await asyncio.gather(
        *(client.post(path, json={"booking_code": live["code"]}, headers=c) for c in clerks * 5)
    )
    assert {r.status for r in responses} == {201}
    assert {(await r.json())["ticket"]["label"] for r in responses} == {"A001"}
    assert await QueueTicket.all().count() == 1
