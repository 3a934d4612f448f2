"""一次一评 for a hall visit: a booking becomes rateable when checked in, rated by its citizen,
rectified by the department that runs the hall."""

from __future__ import annotations

from datetime import timedelta

from models.booking import Booking, Slot
from models.catalog import ServiceHall, ServiceItem
from models.outbox import OutboxMessage
from models.people import Citizen, Department
from tests.reviews.conftest import County, at
from workflows.authz import Principal
from workflows.booking.queue import check_in
from workflows.calendar import WorkingCalendar


async def test_checked_in_visit_is_rated_once_and_rectified_by_the_hall(
    county: County, settings
) -> None:
    hall_dept, _ = await Department.get_or_create(
        code="HALL-DEPT", defaults={"name": "政务服务中心", "region": "测试县"}
    )
    hall = await ServiceHall.create(
        code="H1", name="县政务服务中心", region="测试县", address="人民路1号", department=hall_dept
    )
    item = await ServiceItem.get(code="ITEM-X")
    start = at("2025-06-03 10:00")
    slot = await Slot.create(
        hall=hall,
        item=item,
        day=start.date(),
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        capacity=5,
        booked=1,
    )
    citizen = await Citizen.get(openid="openid-a")
    booking = await Booking.create(
        code="ABCD1234",
        citizen=citizen,
        slot=slot,
        hall=hall,
        item=item,
        day=start.date(),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
    )
    body = {"subject_type": "booking", "subject_id": booking.id, "grade": "dissatisfied"}
    early = await county.call("POST", "/api/reviews", county.citizen_a, body, 409)
    assert early["code"] == "review_not_yet_possible"

    clerk = Principal(kind="staff", id=1, department_id=hall_dept.id)
    await check_in(clerk, hall, "ABCD1234", WorkingCalendar(), settings.booking, start)
    invitation = await OutboxMessage.get(template="review_invitation")
    assert invitation.data["matter_ref"] == f"booking-{booking.id}"

    rated = await county.call(
        "POST", "/api/reviews", county.citizen_a, {**body, "scores": {"attitude": 2}}, 201
    )
    assert rated["channel"] == "hall"
    await county.call("POST", "/api/reviews", county.citizen_a, body, 409)
    [rect] = (await county.call("GET", "/api/staff/rectifications", county.supervisor))["items"]
    assert rect["department_id"] == hall_dept.id and rect["review"]["hall_id"] == hall.id
    assert rect["real_name"] is False  # no verified name on the citizen: callback optional
