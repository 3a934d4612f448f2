"""Booking, cancelling and rescheduling, with per-person limits, reminders and idempotency."""

from datetime import time
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import SETTINGS
from core.settings import BookingSettings
from models.audit import AuditRecord
from models.booking import Booking, Slot
from models.catalog import ServiceItem
from models.idempotency import IdempotencyRecord
from models.outbox import OutboxMessage, OutboxStatus
from tests.booking.support import book, local, slots_of
from workflows.booking.reminders import reminder_times
from workflows.calendar import WorkingCalendar


async def first_slots(client: TestClient, headers: dict, hall: Any, item: Any) -> list:
    return await slots_of(client, headers, hall, item)


async def test_booking_takes_a_place_and_schedules_both_reminders(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    wednesday_ten = next(s for s in slots if s["starts_at"].startswith("2026-12-02T02:00"))
    response = await book(client, citizen, wednesday_ten["id"])
    assert response.status == 201, await response.text()
    booking = await response.json()
    assert booking["status"] == "booked" and len(booking["code"]) == 8
    assert booking["hall"]["name"] == "县政务服务中心" and booking["day"] == "2026-12-02"
    again = next(
        s for s in await slots_of(client, citizen, hall, item) if s["id"] == wednesday_ten["id"]
    )
    assert again["remaining"] == 9

    reminders = await OutboxMessage.filter(
        subject_type="booking", subject_id=booking["id"]
    ).order_by("next_attempt_at")
    assert [r.template for r in reminders] == ["booking_reminder_evening", "booking_reminder_hour"]
    assert reminders[0].next_attempt_at == local(2026, 12, 1, 18, 0)  # the evening before
    assert reminders[1].next_attempt_at == local(2026, 12, 2, 9, 0)  # one hour before
    assert await AuditRecord.exists(action="booking.created", object_id=str(booking["id"]))

    mine = await (await client.get("/api/bookings", headers=citizen)).json()
    assert [b["id"] for b in mine["bookings"]] == [booking["id"]]
    other = await quick_citizen("o-2")
    assert (await (await client.get("/api/bookings", headers=other)).json())["bookings"] == []


async def test_late_booking_gets_no_reminder_at_night_or_in_the_past(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    frozen_clock.set(local(2026, 12, 1, 22, 30))
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    assert slots[0]["day"] == "2026-12-02"
    booking = await (await book(client, citizen, slots[0]["id"])).json()
    templates = await OutboxMessage.filter(subject_id=booking["id"]).values_list(
        "template", flat=True
    )
    assert templates == ["booking_reminder_hour"]  # the evening one is past already


def test_no_reminder_is_scheduled_at_night(app: Any) -> None:
    settings = app[SETTINGS].booking.model_copy(update={"quiet_hours_end": time(8, 30)})
    calendar = WorkingCalendar()
    early = reminder_times(local(2026, 12, 2, 9, 0), calendar, settings, local(2026, 12, 1, 8))
    assert list(early) == ["booking_reminder_evening"]  # 08:00 is still night
    later = reminder_times(local(2026, 12, 2, 10, 0), calendar, settings, local(2026, 12, 1, 8))
    assert later == {
        "booking_reminder_evening": local(2026, 12, 1, 18, 0),
        "booking_reminder_hour": local(2026, 12, 2, 9, 0),
    }
    with pytest.raises(ValueError, match="quiet hours"):
        BookingSettings.model_validate({**settings.model_dump(), "reminder_evening_time": "22:00"})


async def test_one_booking_per_item_and_day_and_a_maximum_of_active_bookings(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    by_day: dict[str, list] = {}
    for slot in slots:
        by_day.setdefault(slot["day"], []).append(slot)
    days = sorted(by_day)
    assert (await book(client, citizen, by_day[days[0]][0]["id"])).status == 201
    second = await book(client, citizen, by_day[days[0]][3]["id"])
    assert second.status == 409
    assert (await second.json())["code"] == "already_booked_that_day"
    other_item = await ServiceItem.get(code="ITEM-2")
    other_slot = (await slots_of(client, citizen, hall, other_item))[0]
    assert (await book(client, citizen, other_slot["id"])).status == 201  # another item: fine
    assert (await book(client, citizen, by_day[days[1]][0]["id"])).status == 201
    fourth = await book(client, citizen, by_day[days[2]][0]["id"])
    assert fourth.status == 409
    assert (await fourth.json())["code"] == "too_many_active_bookings"
    assert await Booking.filter(citizen__openid="o-1").count() == 3


async def test_full_slot_is_refused(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    handler = await make_staff("handler-1", ["handler"], "DEPT-A")
    path = f"/api/halls/{hall.id}/items/{item.id}/slots"
    await client.put(path, json={"slot_minutes": 30, "capacity": 1}, headers=handler)
    first, second = await quick_citizen("o-1"), await quick_citizen("o-2")
    slot = (await slots_of(client, first, hall, item))[0]
    assert (await book(client, first, slot["id"])).status == 201
    response = await book(client, second, slot["id"])
    assert response.status == 409
    assert (await response.json())["code"] == "slot_full"
    assert (await Slot.get(id=slot["id"])).booked == 1


async def test_slot_inside_the_lead_time_or_unknown_is_refused(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[0]  # Tue 09:00, booked at 08:00
    frozen_clock.set(local(2026, 12, 1, 8, 30))
    response = await book(client, citizen, slot["id"])
    assert response.status == 409
    assert (await response.json())["code"] == "slot_not_bookable"
    missing = await book(client, citizen, 999999)
    assert missing.status == 404 and (await missing.json())["code"] == "slot_not_found"


async def test_retry_with_the_same_idempotency_key_returns_the_same_booking(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    first = await book(client, citizen, slots[0]["id"], key="retry-1")
    again = await book(client, citizen, slots[0]["id"], key="retry-1")
    assert first.status == again.status == 201
    assert (await first.json())["id"] == (await again.json())["id"]
    assert await Booking.all().count() == 1
    assert await IdempotencyRecord.exists(key="retry-1")  # in the database: survives a restart

    other_body = await book(client, citizen, slots[1]["id"], key="retry-1")
    assert other_body.status == 422
    assert (await other_body.json())["code"] == "idempotency_key_reused"
    # Keys are per citizen: another citizen's identical key is a new request.
    stranger = await book(client, await quick_citizen("o-2"), slots[0]["id"], key="retry-1")
    assert stranger.status == 201
    bad = await book(client, citizen, slots[0]["id"], key="x" * 101)
    assert bad.status == 422 and (await bad.json())["code"] == "invalid_idempotency_key"


async def test_cancel_releases_the_place_and_the_reminders(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen, stranger = await quick_citizen("o-1"), await quick_citizen("o-2")
    slot = (await slots_of(client, citizen, hall, item))[20]
    booking = await (await book(client, citizen, slot["id"])).json()
    path = f"/api/bookings/{booking['id']}/cancel"
    assert (await client.post(path, headers=stranger)).status == 404
    response = await client.post(path, headers=citizen)
    assert response.status == 200 and (await response.json())["status"] == "cancelled"
    assert (await Slot.get(id=slot["id"])).booked == 0
    statuses = await OutboxMessage.filter(subject_id=booking["id"]).values_list("status", flat=True)
    assert statuses and set(statuses) == {OutboxStatus.CANCELLED}
    again = await client.post(path, headers=citizen)
    assert again.status == 409 and (await again.json())["code"] == "booking_not_active"
    # The day is free again for this item.
    assert (await book(client, citizen, slot["id"])).status == 201


async def test_cancel_after_the_cut_off_is_refused(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[4]  # Tue 11:00
    booking = await (await book(client, citizen, slot["id"])).json()
    frozen_clock.set(local(2026, 12, 1, 10, 1))
    response = await client.post(f"/api/bookings/{booking['id']}/cancel", headers=citizen)
    assert response.status == 409 and (await response.json())["code"] == "change_too_late"
    assert (await Slot.get(id=slot["id"])).booked == 1


async def test_reschedule_moves_the_booking_and_its_reminders(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    old, new = slots[20], slots[40]
    booking = await (await book(client, citizen, old["id"])).json()
    response = await client.post(
        f"/api/bookings/{booking['id']}/reschedule", json={"slot_id": new["id"]}, headers=citizen
    )
    assert response.status == 200, await response.text()
    moved = await response.json()
    assert moved["id"] == booking["id"] and moved["slot_id"] == new["id"]
    assert (await Slot.get(id=old["id"])).booked == 0
    assert (await Slot.get(id=new["id"])).booked == 1
    assert await Booking.all().count() == 1
    pending = await OutboxMessage.filter(subject_id=booking["id"], status=OutboxStatus.PENDING)
    assert {m.data["starts_at"][:16] for m in pending} == {"2026-12-03T13:00"}
    assert len(pending) == 2
    cancelled = await OutboxMessage.filter(subject_id=booking["id"], status=OutboxStatus.CANCELLED)
    assert len(cancelled) == 2


async def test_reschedule_to_a_full_slot_keeps_the_old_booking(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, make_staff: Any
) -> None:
    handler = await make_staff("handler-1", ["handler"], "DEPT-A")
    path = f"/api/halls/{hall.id}/items/{item.id}/slots"
    await client.put(path, json={"slot_minutes": 30, "capacity": 1}, headers=handler)
    citizen, other = await quick_citizen("o-1"), await quick_citizen("o-2")
    slots = await slots_of(client, citizen, hall, item)
    booking = await (await book(client, citizen, slots[20]["id"])).json()
    assert (await book(client, other, slots[40]["id"])).status == 201
    response = await client.post(
        f"/api/bookings/{booking['id']}/reschedule",
        json={"slot_id": slots[40]["id"]},
        headers=citizen,
    )
    assert response.status == 409 and (await response.json())["code"] == "slot_full"
    still = await Booking.get(id=booking["id"])
    assert still.slot_id == slots[20]["id"]  # type: ignore[attr-defined]
    assert (await Slot.get(id=slots[20]["id"])).booked == 1
    pending = await OutboxMessage.filter(subject_id=booking["id"], status=OutboxStatus.PENDING)
    assert len(pending) == 2  # the old reminders stand


async def test_reschedule_keeps_the_per_person_rules(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slots = await slots_of(client, citizen, hall, item)
    tuesday = await (await book(client, citizen, slots[4]["id"])).json()
    await book(client, citizen, slots[20]["id"])  # Wednesday
    path = f"/api/bookings/{tuesday['id']}/reschedule"
    onto_wednesday = await client.post(path, json={"slot_id": slots[22]["id"]}, headers=citizen)
    assert (await onto_wednesday.json())["code"] == "already_booked_that_day"
    other_item = await ServiceItem.get(code="ITEM-2")
    foreign = (await slots_of(client, citizen, hall, other_item))[0]
    wrong_item = await client.post(path, json={"slot_id": foreign["id"]}, headers=citizen)
    assert (await wrong_item.json())["code"] == "slot_for_other_item"
    same_day = await client.post(path, json={"slot_id": slots[8]["id"]}, headers=citizen)
    assert same_day.status == 200  # later the same day is fine
    frozen_clock.set(local(2026, 12, 1, 12, 1))  # 59 minutes before the 13:00 slot
    late = await client.post(path, json={"slot_id": slots[40]["id"]}, headers=citizen)
    assert (await late.json())["code"] == "change_too_late"
    stranger = await quick_citizen("o-2")
    hidden = await client.post(path, json={"slot_id": slots[40]["id"]}, headers=stranger)
    assert hidden.status == 404
    assert sum(await Slot.all().values_list("booked", flat=True)) == 2
