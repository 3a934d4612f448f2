"""Rating links for walk-in applicants (seed 002 art. 35): the QR code on the walk-in receipt and
the SMS link, each one use, expiring, naming one matter; the review records its channel and the
window staff member who took the case."""

from __future__ import annotations

from datetime import timedelta

from models.outbox import OutboxMessage, RecipientType
from models.people import StaffAccount
from models.review_channels import RatingLink
from models.reviews import Review
from tests.reviews.conftest import APPLICANT_NAME, APPLICANT_PHONE, County
from tests.reviews.helpers import close_case, staff, walk_in


async def test_the_receipt_qr_rates_the_walk_in_case_once_after_it_closes(county: County) -> None:
    clerk = await staff(county.client.app, "clerk", "clerk")
    case = await walk_in(county, clerk)
    path = f"/api/staff/cases/{case['id']}/rating-qr"
    qr = await county.call("POST", path, clerk, None, 201)
    assert qr["url"] == f"https://zsb.example.gov.cn/r/{qr['code']}" and len(qr["code"]) == 12
    await county.call("POST", path, county.handler_y, None, 404)  # not their department's case
    assert not await RatingLink.filter(code_hash=qr["code"]).exists()  # only a digest is kept

    shown = await county.call("GET", f"/api/rating-links/{qr['code']}", {})
    assert shown["rateable"] is False and shown["item_name"] == "营业执照变更登记"
    assert "attitude" in shown["indicators"]
    assert APPLICANT_PHONE not in str(shown) and APPLICANT_NAME not in str(shown)
    rate = f"/api/rating-links/{qr['code']}/review"
    early = await county.call("POST", rate, {}, {"grade": "satisfied"}, 409)
    assert early["code"] == "review_not_yet_possible"

    await close_case(county, case["id"])
    body = {"grade": "very_satisfied", "scores": {"attitude": 5}}
    rated = await county.call("POST", rate, {}, body, 201)
    assert rated["rated_via"] == "receipt_qr"
    review = await Review.get(id=rated["review_id"])
    clerk_id = (await StaffAccount.get(username="clerk")).id
    assert review.staff_id == clerk_id and review.real_name is True  # type: ignore[attr-defined]
    used = await county.call("POST", rate, {}, body, 409)
    assert used["code"] == "rating_link_used"
    await county.call("GET", f"/api/rating-links/{'x' * 12}", {}, status=404)


async def test_a_reprinted_receipt_replaces_the_qr_and_links_expire(county: County) -> None:
    clerk = await staff(county.client.app, "clerk", "clerk")
    case = await walk_in(county, clerk)
    await close_case(county, case["id"])
    path = f"/api/staff/cases/{case['id']}/rating-qr"
    first = await county.call("POST", path, clerk, None, 201)
    second = await county.call("POST", path, clerk, None, 201)
    gone = await county.call("GET", f"/api/rating-links/{first['code']}", {}, status=404)
    assert gone["code"] == "rating_link_unknown"
    link = await RatingLink.get(revoked_at=None)
    link.issued_at -= timedelta(days=91)  # [reviews] receipt_qr_valid_days = 90
    await link.save()
    late = await county.call(
        "POST", f"/api/rating-links/{second['code']}/review", {}, {"grade": "satisfied"}, 409
    )
    assert late["code"] == "rating_link_expired"
    assert not await Review.exists()


async def test_an_online_case_has_no_receipt_qr(county: County) -> None:
    case_id = await county.case()
    problem = await county.call(
        "POST", f"/api/staff/cases/{case_id}/rating-qr", county.handler_x, None, 409
    )
    assert problem["code"] == "not_a_walk_in_case"


async def test_a_closed_walk_in_case_texts_one_link_only_with_consent(county: County) -> None:
    clerk = await staff(county.client.app, "clerk", "clerk")
    quiet = await walk_in(county, clerk)
    await close_case(county, quiet["id"])
    assert not await OutboxMessage.filter(template="review_rating_link").exists()

    agreed = await walk_in(county, clerk, sms_consent=True)
    await close_case(county, agreed["id"])
    [text] = await OutboxMessage.filter(template="review_rating_link")
    assert text.recipient_type == RecipientType.CASE_APPLICANT and text.recipient_id == agreed["id"]
    # Each variable fits Tencent's 12 characters: no case number (13), no local minute (16).
    assert len(text.data["code"]) == 12 and len(text.data["item_short"]) <= 12
    assert APPLICANT_PHONE not in str(text.data)
    [link] = await RatingLink.filter(subject_id=agreed["id"])
    assert link.via.value == "sms" and link.used_at is None
