"""Hall devices (评价器, kiosks; seed 002 art. 35): registered by an admin and bound to a hall and
window, authenticated per device by an HMAC signature with a timestamp; a revoked device is
refused. They rate a walk-in case or a window visit, and may name the staff member rated."""

from __future__ import annotations

import time
from datetime import datetime

from models.booking import QueueTicket, TicketKind
from models.people import StaffAccount
from models.reviews import Review
from tests.reviews.conftest import SHANGHAI, County
from tests.reviews.helpers import close_case, hall, signed_post, staff, walk_in
from workflows import clock


async def _device(county: County, kind: str = "device") -> tuple[dict, dict]:
    admin = await staff(county.client.app, "admin", "admin")
    the_hall = await hall(county)
    body = {"hall_id": the_hall.id, "kind": kind, "name": "1号窗口评价器", "window": "1"}
    await county.call("POST", "/api/admin/review-devices", county.handler_x, body, 403)
    device = await county.call("POST", "/api/admin/review-devices", admin, body, 201)
    assert len(device["secret"]) == 64 and device["hall_id"] == the_hall.id
    return device, admin


async def test_a_signed_device_rates_a_walk_in_case_and_the_window_staff_member(
    county: County,
) -> None:
    clerk = await staff(county.client.app, "clerk", "clerk")
    device, admin = await _device(county)
    case = await walk_in(county, clerk)
    await close_case(county, case["id"])
    clerk_id = (await StaffAccount.get(username="clerk")).id
    body = {
        "case_no": case["case_no"],
        "grade": "very_satisfied",
        "scores": {"overall": 5, "attitude": 5, "service_level": 4, "efficiency": 5},
        "staff_id": clerk_id,
    }
    online_only = {**body, "scores": {"usability": 5}}
    problem = await signed_post(county, device, online_only, status=409)
    assert problem["code"] == "unknown_indicator"  # hall service has the hall indicators
    rated = await signed_post(county, device, body)
    assert rated["rated_via"] == "device" and rated["bad"] is False
    review = await Review.get(id=rated["review_id"])
    assert review.staff_id == clerk_id and review.device_id == device["id"]  # type: ignore[attr-defined]
    assert review.citizen_id is None and review.channel.value == "hall"  # type: ignore[attr-defined]
    assert review.hall_id is not None  # type: ignore[attr-defined]
    again = await signed_post(county, device, body, status=409)
    assert again["code"] == "already_reviewed"  # 一事一评, whatever the channel

    listed = await county.call("GET", "/api/admin/review-devices", admin)
    assert listed["items"][0]["last_seen_at"] is not None
    assert "secret" not in listed["items"][0]


async def test_unsigned_forged_stale_and_revoked_requests_are_refused(county: County) -> None:
    device, admin = await _device(county, kind="kiosk")
    ticket = await QueueTicket.create(
        hall_id=device["hall_id"], day=datetime.now(SHANGHAI).date(), kind=TicketKind.WALK_IN,
        number=3, label="B003", priority_at=clock.utc_now(), issued_by_staff_id=1,
    )  # fmt: skip
    body = {"queue_ticket_id": ticket.id, "grade": "satisfied"}
    response = await county.client.post("/api/devices/reviews", json=body)
    assert response.status == 401
    forged = await signed_post(county, device, body, secret="0" * 64, status=401)
    assert forged["code"] == "device_signature_invalid"
    stale = await signed_post(county, device, body, at=time.time() - 3600, status=401)
    assert stale["code"] == "device_clock"
    unknown = await signed_post(county, {**device, "device_id": "dev-nobody"}, body, status=401)
    assert unknown["code"] == "device_unknown"
    assert not await Review.exists()

    path = f"/api/admin/review-devices/{device['id']}/revocation"
    revoked = await county.call("POST", path, admin)
    assert revoked["revoked_at"] is not None
    refused = await signed_post(county, device, body, status=403)
    assert refused["code"] == "device_revoked"
    assert not await Review.exists()


async def test_a_kiosk_rates_a_visit_of_its_own_hall_on_the_day(county: County) -> None:
    device, _ = await _device(county, kind="kiosk")
    today = datetime.now(SHANGHAI).date()
    ticket = await QueueTicket.create(
        hall_id=device["hall_id"], day=today, kind=TicketKind.WALK_IN, number=4, label="B004",
        priority_at=clock.utc_now(), issued_by_staff_id=1,
    )  # fmt: skip
    rated = await signed_post(county, device, {"queue_ticket_id": ticket.id, "grade": "satisfied"})
    assert rated["rated_via"] == "kiosk"
    review = await Review.get(id=rated["review_id"])
    assert review.subject_type.value == "queue_ticket" and review.department_id == county.dept_x  # type: ignore[attr-defined]
    missing = await signed_post(
        county, device, {"queue_ticket_id": ticket.id + 99, "grade": "satisfied"}, status=404
    )
    assert missing["code"] == "visit_not_found"
    both = {"queue_ticket_id": ticket.id, "case_no": "X", "grade": "satisfied"}
    await signed_post(county, device, both, status=422)
