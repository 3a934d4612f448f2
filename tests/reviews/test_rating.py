"""Who may rate what, when, and how often (一事一评), and the invitation with one reminder."""

from __future__ import annotations

from datetime import timedelta

from models.outbox import OutboxMessage
from models.reviews import ReviewInvitation
from tests.reviews.conftest import County
from workflows.reviews.invitations import send_reminders


async def test_applicant_rates_a_delivered_case_once(county: County) -> None:
    case_id = await county.case()
    review = await county.review(case_id, "very_satisfied", scores={"overall": 5}, text="很快")
    assert review["grade_label"] == "非常满意" and review["rectification"] is None
    again = await county.review(case_id, "satisfied", status=409)
    assert again["code"] == "already_reviewed"
    mine = await county.call("GET", "/api/reviews/mine", county.citizen_a)
    assert [r["grade"] for r in mine["items"]] == ["very_satisfied"]
    assert mine["pending"] == []


async def test_someone_elses_case_is_not_found(county: County) -> None:
    case_id = await county.case()
    body = {"subject_type": "case", "subject_id": case_id, "grade": "dissatisfied"}
    await county.call("POST", "/api/reviews", county.citizen_b, body, 404)


async def test_case_before_a_result_cannot_be_rated(county: County) -> None:
    case_id = await county.case(until=("accept",))
    problem = await county.review(case_id, "satisfied", status=409)
    assert problem["code"] == "review_not_yet_possible"


async def test_hall_indicators_are_refused_for_an_online_case(county: County) -> None:
    case_id = await county.case()
    # Well-formed (attitude is an indicator), but not one this channel is rated on: 409.
    problem = await county.review(case_id, "satisfied", status=409, scores={"attitude": 4})
    assert problem["code"] == "unknown_indicator"


async def test_delivery_invites_and_one_reminder_follows_if_not_rated(
    county: County, settings
) -> None:
    case_id = await county.case()
    invitation = await ReviewInvitation.get(subject_type="case", subject_id=case_id)
    assert await OutboxMessage.filter(template="review_invitation").count() == 1
    mine = await county.call("GET", "/api/reviews/mine", county.citizen_a)
    assert [p["subject_id"] for p in mine["pending"]] == [case_id]

    early = invitation.invited_at + timedelta(days=2)
    assert await send_reminders(settings.reviews, early) == 0
    later = invitation.invited_at + timedelta(days=3, minutes=1)
    assert await send_reminders(settings.reviews, later) == 1
    assert await send_reminders(settings.reviews, later + timedelta(days=10)) == 0
    assert await OutboxMessage.filter(template="review_reminder").count() == 1


async def test_a_rated_matter_gets_no_reminder(county: County, settings) -> None:
    case_id = await county.case()
    await county.review(case_id, "satisfied")
    invitation = await ReviewInvitation.get(subject_type="case", subject_id=case_id)
    assert invitation.reviewed_at is not None
    assert await send_reminders(settings.reviews, invitation.invited_at + timedelta(days=5)) == 0
