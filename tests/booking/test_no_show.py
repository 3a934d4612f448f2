"""Missed visits become no-shows; three within 90 days suspend online booking for 30 days."""

import asyncio
from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, KV, SETTINGS
from models.booking import Booking, BookingStatus, BookingSuspension
from models.outbox import OutboxMessage
from tests.booking.support import book, local, slots_of
from worker.jobs import JOBS, booking_no_shows
from worker.resources import WorkerResources
from workflows.booking.no_show import mark_no_shows


async def test_no_show_job_is_registered_with_the_worker() -> None:
    assert "booking_no_shows" in [name for name, _, _ in JOBS]


async def test_unchecked_booking_becomes_a_no_show_after_its_slot(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, app: Any
) -> None:
    citizen = await quick_citizen("o-1")
    slot = (await slots_of(client, citizen, hall, item))[0]  # Tue 09:00-09:30
    booking = await (await book(client, citizen, slot["id"])).json()
    calendar, settings = await app[CALENDAR].current(), app[SETTINGS].booking
    assert await mark_no_shows(calendar, settings, local(2026, 12, 1, 9, 44)) == 0  # grace
    assert await mark_no_shows(calendar, settings, local(2026, 12, 1, 9, 46)) == 1
    stored = await Booking.get(id=booking["id"])
    assert stored.status == BookingStatus.NO_SHOW and stored.active_key is None
    assert await mark_no_shows(calendar, settings, local(2026, 12, 1, 10, 0)) == 0


async def test_three_no_shows_suspend_online_booking_with_the_date(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, app: Any
) -> None:
    citizen = await quick_citizen("o-1")
    calendar, settings = await app[CALENDAR].current(), app[SETTINGS].booking
    for day in (1, 2, 3):  # Tue, Wed, Thu of one week
        frozen_clock.set(local(2026, 12, day, 8, 0))
        slot = (await slots_of(client, citizen, hall, item))[0]
        assert (await book(client, citizen, slot["id"])).status == 201
        await mark_no_shows(calendar, settings, local(2026, 12, day, 12, 0))
    suspension = await BookingSuspension.get()
    assert suspension.no_shows == 3
    assert suspension.until == local(2026, 12, 3, 12, 0) + timedelta(days=30)
    assert await OutboxMessage.exists(template="booking_suspended")

    frozen_clock.set(local(2026, 12, 4, 8, 0))
    slot = (await slots_of(client, citizen, hall, item))[0]
    response = await book(client, citizen, slot["id"])
    assert response.status == 403
    problem = await response.json()
    assert problem["code"] == "booking_suspended"
    assert problem["fields"]["until"].startswith("2027-01-02T12:00")
    assert "2027-01-02" in problem["message"]

    frozen_clock.set(local(2027, 1, 4, 8, 0))  # the suspension is over
    slot = (await slots_of(client, citizen, hall, item))[0]
    assert (await book(client, citizen, slot["id"])).status == 201


async def test_no_shows_older_than_the_window_do_not_count(
    client: TestClient, hall: Any, item: Any, frozen_clock: Any, quick_citizen: Any, app: Any
) -> None:
    citizen = await quick_citizen("o-1")
    calendar, settings = await app[CALENDAR].current(), app[SETTINGS].booking
    for moment in (local(2026, 8, 3, 8, 0), local(2026, 12, 1, 8, 0), local(2026, 12, 2, 8, 0)):
        frozen_clock.set(moment)
        slot = (await slots_of(client, citizen, hall, item))[0]
        assert (await book(client, citizen, slot["id"])).status == 201
        await mark_no_shows(calendar, settings, moment + timedelta(hours=4))
    assert await Booking.filter(status=BookingStatus.NO_SHOW).count() == 3
    assert not await BookingSuspension.exists()


async def test_worker_job_runs_with_the_worker_resources(
    client: TestClient, hall: Any, app: Any
) -> None:
    resources = WorkerResources(
        settings=app[SETTINGS], kv=app[KV], calendar=app[CALENDAR], wake=asyncio.Event()
    )
    await booking_no_shows(resources)
    assert await Booking.all().count() == 0
