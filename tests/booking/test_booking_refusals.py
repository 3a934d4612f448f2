"""Refused bookings change nothing: no booking, no place taken, no audit record, no reminder.
PostgreSQL books in one statement (workflows/booking/book_pg.py), SQLite step by step; both
must refuse alike."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.booking import Booking, Slot
from models.outbox import OutboxMessage
from models.people import AssuranceLevel, Citizen
from tests.booking.support import book, slots_of


async def _nothing_written(slot_id: int) -> None:
    assert await Booking.all().count() == 0
    assert (await Slot.get(id=slot_id)).booked == 0
    assert not await AuditRecord.exists(action="booking.created")
    assert not await OutboxMessage.exists(subject_type="booking")


async def test_an_item_needing_a_higher_level_is_refused_naming_it(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[0]
    item.min_assurance = AssuranceLevel.L2
    await item.save(update_fields=["min_assurance"])
    response = await book(client, citizen, slot["id"])
    assert response.status == 403
    problem = await response.json()
    assert problem["code"] == "assurance_required"
    assert problem["fields"]["required_level"] == "L2"
    await _nothing_written(slot["id"])


async def test_a_hall_that_stopped_taking_bookings_refuses_its_generated_slots(
    client: TestClient,
    hall: Any,
    item: Any,
    frozen_clock: Any,
    quick_citizen: Any,
    make_staff: Any,
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[0]
    handler = await make_staff("handler-1", ["handler"], "DEPT-A")
    path = f"/api/halls/{hall.id}/items/{item.id}/slots"
    body = {"slot_minutes": 30, "capacity": 10, "enabled": False}
    assert (await client.put(path, json=body, headers=handler)).status == 200
    response = await book(client, citizen, slot["id"])
    assert response.status == 409
    assert (await response.json())["code"] == "slot_not_bookable"
    await _nothing_written(slot["id"])


async def test_a_full_slot_leaves_no_reminder_or_audit_of_the_refused_booking(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    handler = await make_staff("handler-1", ["handler"], "DEPT-A")
    path = f"/api/halls/{hall.id}/items/{item.id}/slots"
    await client.put(path, json={"slot_minutes": 30, "capacity": 1}, headers=handler)
    first, second = await quick_citizen("o-1"), await quick_citizen("o-2")
    slot = (await slots_of(client, first, hall, item))[-1]  # days ahead: both reminders due
    made = await (await book(client, first, slot["id"])).json()
    refused = await book(client, second, slot["id"])
    assert refused.status == 409 and (await refused.json())["code"] == "slot_full"
    assert [b.id for b in await Booking.all()] == [made["id"]]
    audited = await AuditRecord.filter(action="booking.created").values_list("object_id", flat=True)
    assert audited == [str(made["id"])]
    reminders = OutboxMessage.filter(subject_type="booking")
    assert set(await reminders.values_list("subject_id", flat=True)) == {made["id"]}


async def test_a_deleted_citizen_cannot_book_with_or_without_an_idempotency_key(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    # On PostgreSQL the booking statement itself finds the account gone (no separate check).
    citizen = await quick_citizen("o-gone")
    slot = (await slots_of(client, citizen, hall, item))[0]
    first = await book(client, citizen, slot["id"], key="k-1")
    assert first.status == 201
    await Booking.all().delete()
    await Slot.filter(id=slot["id"]).update(booked=0)
    await Citizen.filter(openid="o-gone").delete()
    for key in (None, "k-1", "k-2"):  # k-1: its stored answer is not replayed either
        response = await book(client, citizen, slot["id"], key=key)
        assert response.status == 401
        assert (await response.json())["code"] == "account_inactive"
    assert await Booking.all().count() == 0
    assert (await Slot.get(id=slot["id"])).booked == 0
