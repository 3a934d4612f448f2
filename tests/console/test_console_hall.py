"""The window clerk's hall page over HTTP: the day's bookings, check-in with its queue number,
walk-in numbers, and the same authorisation as checkIn / takeWalkInNumber."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.booking import Booking, BookingStatus, QueueTicket
from tests.console.clerk_fixtures import CLERK, HANDLER, OTHER_CLERK, ClerkDay
from tests.console.conftest import csrf_of

Login = Callable[..., Awaitable[str]]


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings


async def _hall_page(client: TestClient, query: str = "") -> str:
    response = await client.get("/console/hall" + query)
    assert response.status == 200, await response.text()
    return await response.text()


async def test_clerk_sees_the_days_bookings_in_time_order_masked(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    await console_login(CLERK)
    html = await _hall_page(client)
    first, later = (b["code"] for b in clerk_day.bookings)
    assert "城关区政务服务中心" in html and "2026-12-01" in html
    assert html.index(first) < html.index(later)  # 09:00 before 09:30, booked the other way
    assert "李*" in html and "王*" in html and "李四" not in html
    assert html.count("待签到") == 2 and html.count("签到取号</button>") == 2
    assert clerk_day.other_booking["code"] not in html  # the other department's hall
    assert 'href="/console/hall"' in html  # the clerk's nav link
    assert 'type="date"' in html and "年-月-日" in html

    other_day = await _hall_page(client, f"?hall_id={clerk_day.hall.id}&day=2026-12-02")
    assert first not in other_day and "这一天没有预约" in other_day
    assert "签到取号</button>" not in other_day and "现场取号</button>" not in other_day

    bad = await client.get("/console/hall?day=12/01/2026")
    assert bad.status == 422 and "年-月-日" in await bad.text()


async def test_check_in_gives_the_queue_number_and_is_audited(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    await console_login(CLERK)
    html = await _hall_page(client)
    booking = await Booking.get(code=clerk_day.bookings[1]["code"])
    path = f"/console/hall/bookings/{booking.id}/check-in"

    refused = await client.post(path, data={})  # no form token
    assert refused.status == 403
    assert (await Booking.get(id=booking.id)).status == BookingStatus.BOOKED

    response = await client.post(path, data={"csrf": csrf_of(html)}, allow_redirects=False)
    assert response.status == 303
    page = await client.get(response.headers["Location"])
    text = await page.text()
    assert f"预约 {booking.code} 已签到，排队号 A001" in text
    assert (await Booking.get(id=booking.id)).status == BookingStatus.CHECKED_IN
    ticket = await QueueTicket.get(booking_id=booking.id)
    assert ticket.label == "A001" and ticket.issued_by_staff_id is not None
    audit = await AuditRecord.get(action="booking.checked_in", object_id=str(booking.id))
    assert audit.after["ticket"] == "A001"
    assert text.count("签到取号</button>") == 1 and text.count("已签到") >= 2

    # Pressed twice (or by two clerks): the same number, no second ticket.
    again = await client.post(path, data={"csrf": csrf_of(html)})
    assert again.status == 200 and "A001" in await again.text()
    assert await QueueTicket.filter(booking_id=booking.id).count() == 1


async def test_walk_in_numbers_follow_the_booked_ones_in_the_queue(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    await console_login(CLERK)
    html = await _hall_page(client)
    token = csrf_of(html)
    later = await Booking.get(code=clerk_day.bookings[1]["code"])
    path = f"/console/hall/{clerk_day.hall.id}/walk-in-numbers"
    taken = await client.post(path, data={"csrf": token, "item_id": str(clerk_day.item.id)})
    text = await taken.text()
    assert taken.status == 200 and "现场取号成功：B001" in text
    await client.post(f"/console/hall/bookings/{later.id}/check-in", data={"csrf": token})
    text = await _hall_page(client)
    queue = text[text.index("排队叫号顺序") :]
    assert queue.index("A001") < queue.index("B001")  # booked visitors are called first
    assert await AuditRecord.filter(action="queue.walk_in_number").count() == 1

    for bad in ("abc", "99999999999999999999", "424242"):
        response = await client.post(path, data={"csrf": token, "item_id": bad})
        assert response.status in (404, 422), bad
    assert await QueueTicket.filter(kind="walk_in").count() == 1


async def test_another_halls_booking_is_not_found_and_a_handler_is_refused(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    other = await Booking.get(code=clerk_day.other_booking["code"])
    await console_login(CLERK)
    token = csrf_of(await _hall_page(client))
    response = await client.post(
        f"/console/hall/bookings/{other.id}/check-in", data={"csrf": token}
    )
    assert response.status == 404
    missing = await client.post("/console/hall/bookings/987654/check-in", data={"csrf": token})
    assert missing.status == 404
    assert (await client.get(f"/console/hall?hall_id={clerk_day.other_hall.id}")).status == 404
    number = await client.post(
        f"/console/hall/{clerk_day.other_hall.id}/walk-in-numbers", data={"csrf": token}
    )
    assert number.status == 404

    client.session.cookie_jar.clear()  # sign in as someone else
    await console_login(HANDLER)
    queue = await client.get("/console/queue")
    assert 'href="/console/hall"' not in await queue.text()  # no nav link without the role
    assert (await client.get("/console/hall")).status == 403
    mine = await Booking.get(code=clerk_day.bookings[0]["code"])
    token = csrf_of(await queue.text())
    denied = await client.post(f"/console/hall/bookings/{mine.id}/check-in", data={"csrf": token})
    assert denied.status == 403
    assert await QueueTicket.all().count() == 0

    client.session.cookie_jar.clear()
    await console_login(OTHER_CLERK)  # sees their own hall, not ours
    html = await _hall_page(client)
    assert clerk_day.other_booking["code"] in html and mine.code not in html
