"""The weekly report counts ratings by channel (seed 002 art. 35: every channel covered)."""

from __future__ import annotations

from models.people import StaffAccount
from models.reviews import Review
from tests.reviews.conftest import County, at
from tests.reviews.helpers import close_case, hall, signed_post, staff, walk_in
from workflows.clock import as_utc


async def test_weekly_report_counts_ratings_by_channel(county: County) -> None:
    app = county.client.app
    clerk, admin = await staff(app, "clerk", "clerk"), await staff(app, "admin", "admin")
    await county.review(await county.case(), "satisfied")  # in the mini-program
    by_qr = await walk_in(county, clerk)
    qr = await county.call("POST", f"/api/staff/cases/{by_qr['id']}/rating-qr", clerk, None, 201)
    await close_case(county, by_qr["id"])
    await county.call(
        "POST", f"/api/rating-links/{qr['code']}/review", {}, {"grade": "satisfied"}, 201
    )
    at_window = await walk_in(county, clerk)
    await close_case(county, at_window["id"])
    the_hall = await hall(county)
    device = await county.call(
        "POST", "/api/admin/review-devices", admin,
        {"hall_id": the_hall.id, "kind": "device", "name": "评价器", "window": "2"}, 201,
    )  # fmt: skip
    staff_id = (await StaffAccount.get(username="clerk")).id
    body = {"case_no": at_window["case_no"], "grade": "basically_satisfied", "staff_id": staff_id}
    await signed_post(county, device, body)
    await Review.all().update(created_at=as_utc(at("2026-11-10 10:00")))

    report = await county.call(
        "GET", "/api/reports/weekly?week_start=2026-11-09", county.supervisor
    )
    assert "review_channels" in [s["key"] for s in report["sections"]]
    values = next(d["values"] for d in report["departments"] if d["code"] == "DEPT-X")
    assert values["ratings_app"] == 1 and values["ratings_receipt_qr"] == 1
    assert values["ratings_device"] == 1
    assert values["ratings_sms_link"] == 0 and values["ratings_kiosk"] == 0
    assert report["total"]["ratings_device"] == 1
