"""The review office decides (seed 002 art. 37(2)-(3)): rectification extensions are requested
in the system and decided within a limit; invalid-review requests alert the office, must be
decided within a limit, and their outcome reaches the reviewer. Undecided requests are carded."""

from __future__ import annotations

from datetime import timedelta

from core.appkeys import SETTINGS
from models.outbox import OutboxMessage, RecipientType
from models.people import StaffAccount
from models.supervision import Deadline, DeadlineState, SupervisionCard
from tests.reviews.conftest import County
from workflows import clock
from workflows.calendar import WorkingCalendar
from workflows.supervision.cards import issue_cards


async def _complex(county: County) -> dict:
    case_id = await county.case()
    await county.review(case_id, "very_dissatisfied", text="材料要求反复变化")
    [rect] = await county.rectifications(county.handler_x)
    await county.contact(rect["id"])
    body = {"classification": "complex"}
    return await county.step(rect["id"], "classification", county.handler_x, body)


async def _cards_for(subject_type: str, subject_id: int) -> list[SupervisionCard]:
    deadline = await Deadline.get(subject_type=subject_type, subject_id=subject_id)
    return await SupervisionCard.filter(deadline_id=deadline.id)


async def test_an_extension_is_a_request_until_the_office_approves_it(county: County) -> None:
    rect = await _complex(county)
    body = {"working_days": 3, "reason": "需协调上级部门"}
    asked = await county.step(rect["id"], "extension", county.handler_x, body)
    # Asking does not move the deadline: the department has not been granted anything.
    assert asked["due_at"] == rect["due_at"] and asked["extension_days"] is None
    request = asked["extension_request"]
    assert request["state"] == "pending" and request["working_days"] == 3
    assert not await OutboxMessage.filter(template="review_rectification_extended").exists()

    supervisor = await StaffAccount.get(username="sup")
    [alert] = await OutboxMessage.filter(template="review_office_request")
    assert alert.recipient_type == RecipientType.STAFF and alert.recipient_id == supervisor.id
    assert alert.data["request"] == "差评整改延期申请"
    [deadline] = await Deadline.filter(subject_type="rectification_extension")
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.limit_working_days == 1  # [reviews] extension_decision_working_days

    twice = await county.step(rect["id"], "extension", county.handler_x, body, 409)
    assert twice["code"] == "extension_requested"
    decision = {"approve": True, "note": "同意"}
    await county.step(rect["id"], "extension-decision", county.handler_x, decision, 403)
    granted = await county.step(rect["id"], "extension-decision", county.supervisor, decision)
    assert granted["extension_days"] == 3 and granted["limit_working_days"] == 8
    assert granted["due_at"] > rect["due_at"]
    assert granted["extension_request"]["state"] == "approved"
    await deadline.refresh_from_db()
    assert deadline.state == DeadlineState.DONE
    notice = await OutboxMessage.get(template="review_rectification_extended")
    assert notice.recipient_type == RecipientType.CITIZEN
    assert notice.data["reason"] == body["reason"]
    mine = await county.call("GET", "/api/reviews/mine", county.citizen_a)
    assert mine["items"][0]["rectification"]["extension_reason"] == "需协调上级部门"
    await county.step(rect["id"], "extension-decision", county.supervisor, decision, 409)


async def test_a_rejected_extension_leaves_the_deadline_and_cannot_be_asked_again(
    county: County,
) -> None:
    rect = await _complex(county)
    body = {"working_days": 2, "reason": "人手不足"}
    await county.step(rect["id"], "extension", county.handler_x, body)
    refused = await county.step(
        rect["id"], "extension-decision", county.supervisor, {"approve": False, "note": "理由不足"}
    )
    assert refused["due_at"] == rect["due_at"] and refused["extension_days"] is None
    assert refused["extension_request"]["state"] == "rejected"
    [told] = await OutboxMessage.filter(template="review_extension_decided")
    assert told.recipient_type == RecipientType.DEPARTMENT and told.data["outcome"] == "不同意延期"
    assert not await OutboxMessage.filter(template="review_rectification_extended").exists()
    again = await county.step(rect["id"], "extension", county.handler_x, body, 409)
    assert again["code"] == "extension_requested"


async def test_an_undecided_extension_request_is_carded(county: County) -> None:
    rect = await _complex(county)
    body = {"working_days": 2, "reason": "需现场核查"}
    await county.step(rect["id"], "extension", county.handler_x, body)
    [deadline] = await Deadline.filter(subject_type="rectification_extension")
    rules = county.client.app[SETTINGS].supervision
    await issue_cards(deadline.due_at + timedelta(hours=1), WorkingCalendar(), rules)
    cards = await _cards_for("rectification_extension", deadline.subject_id)
    assert "red" in {card.colour.value for card in cards}


async def test_an_invalid_request_alerts_the_office_has_a_limit_and_the_reviewer_is_told(
    county: County,
) -> None:
    case_id = await county.case()
    await county.review(case_id, "very_dissatisfied", text="乱写的")
    [rect] = await county.rectifications(county.handler_x)
    await county.contact(rect["id"])
    body = {"classification": "mistaken", "reason": "评价人称点错"}
    await county.step(rect["id"], "invalid-request", county.handler_x, body)
    [alert] = await OutboxMessage.filter(template="review_office_request")
    assert alert.data["request"] == "无效差评复核申请"
    deadline = await Deadline.get(subject_type="invalid_review", subject_id=rect["id"])
    assert deadline.state == DeadlineState.RUNNING and deadline.limit_working_days == 2
    # Undecided past its limit: carded like any other matter.
    rules = county.client.app[SETTINGS].supervision
    await issue_cards(deadline.due_at + timedelta(minutes=1), WorkingCalendar(), rules)
    assert await _cards_for("invalid_review", rect["id"])

    await county.step(rect["id"], "invalid-decision", county.supervisor, {"approve": True})
    await deadline.refresh_from_db()
    assert deadline.state == DeadlineState.DONE
    assert all(c.cleared_at is not None for c in await _cards_for("invalid_review", rect["id"]))
    [told] = await OutboxMessage.filter(template="review_invalid_decided")
    assert told.recipient_type == RecipientType.CITIZEN
    assert told.data["outcome"] == "评价经复核为无效差评"


async def test_a_rejected_invalid_request_tells_the_reviewer_it_goes_to_rectification(
    county: County,
) -> None:
    case_id = await county.case()
    await county.review(case_id, "dissatisfied")
    [rect] = await county.rectifications(county.handler_x)
    await county.contact(rect["id"])
    body = {"classification": "untrue", "reason": "与事实不符"}
    await county.step(rect["id"], "invalid-request", county.handler_x, body)
    await county.step(rect["id"], "invalid-decision", county.supervisor, {"approve": False})
    [told] = await OutboxMessage.filter(template="review_invalid_decided")
    assert told.data["outcome"] == "复核未通过，转入整改"
    rectifying = await Deadline.get(subject_type="rectification", subject_id=rect["id"])
    assert rectifying.state == DeadlineState.RUNNING and clock.utc_now() < rectifying.due_at
    office = await Deadline.get(subject_type="invalid_review", subject_id=rect["id"])
    assert office.state == DeadlineState.DONE
