"""Bad-review rectification (seed 002 art. 37): alerts, contact, invalid requests, deadlines,
extensions, the real-name callback rule, and who sees the reviewer."""

from __future__ import annotations

import json

from models.outbox import OutboxMessage, RecipientType
from models.supervision import Deadline, DeadlineState
from tests.reviews.conftest import APPLICANT_NAME, APPLICANT_PHONE, County


async def _bad_review(county: County, text: str = "窗口人员态度差") -> dict:
    case_id = await county.case()
    await county.review(case_id, "very_dissatisfied", text=text)
    [rect] = await county.rectifications(county.handler_x)
    return rect


async def test_bad_review_opens_a_rectification_and_alerts_the_department(county: County) -> None:
    rect = await _bad_review(county)
    assert rect["state"] == "open" and rect["due_at"] is not None
    alerts = await OutboxMessage.filter(template="review_bad_alert")
    assert {a.recipient_type for a in alerts} == {RecipientType.DEPARTMENT, RecipientType.STAFF}
    assert all(APPLICANT_PHONE not in json.dumps(a.data) for a in alerts)
    deadline = await Deadline.get(subject_type="rectification", subject_id=rect["id"])
    assert deadline.department_id == county.dept_x  # type: ignore[attr-defined]
    mine = await county.call("GET", "/api/reviews/mine", county.citizen_a)
    assert mine["items"][0]["rectification"]["state"] == "open"


async def test_good_review_opens_nothing(county: County) -> None:
    await county.review(await county.case(), "basically_satisfied")
    assert await county.rectifications(county.supervisor) == []
    assert not await OutboxMessage.filter(template="review_bad_alert").exists()


async def test_reviewer_identity_only_reaches_the_rectifying_department(county: County) -> None:
    rect = await _bad_review(county)
    own = rect["reviewer_contact"]
    assert own["phone"] == "138****5678" and own["name"] == "张**"
    revealed = await county.step(rect["id"], "contact-reveal", county.handler_x, None)
    assert revealed == {"name": APPLICANT_NAME, "phone": APPLICANT_PHONE}

    [seen] = await county.rectifications(county.supervisor)
    assert seen["review"]["text"] == "窗口人员态度差" and seen["reviewer_contact"] is None
    raw = json.dumps(seen, ensure_ascii=False)
    assert APPLICANT_PHONE not in raw and APPLICANT_NAME not in raw and "5678" not in raw
    assert await county.rectifications(county.handler_y) == []
    await county.step(rect["id"], "contact-reveal", county.handler_y, None, 404)
    await county.step(rect["id"], "contact-reveal", county.supervisor, None, 403)


async def test_invalid_request_approved_marks_the_review_invalid(county: County) -> None:
    rect = await _bad_review(county, text="恶意刷差评")
    body = {"classification": "malicious", "reason": "评价人承认误操作"}
    problem = await county.step(rect["id"], "invalid-request", county.handler_x, body, 409)
    assert problem["code"] == "reviewer_not_contacted"
    await county.contact(rect["id"])
    asked = await county.step(rect["id"], "invalid-request", county.handler_x, body)
    assert asked["state"] == "invalid_requested" and asked["due_at"] is None
    await county.step(rect["id"], "invalid-decision", county.handler_x, {"approve": True}, 403)
    decided = await county.step(
        rect["id"], "invalid-decision", county.supervisor, {"approve": True}
    )
    assert decided["state"] == "invalid" and decided["review"]["invalid"] is True
    deadline = await Deadline.get(subject_type="rectification", subject_id=rect["id"])
    assert deadline.state == DeadlineState.DONE


async def test_invalid_request_rejected_goes_back_to_rectification(county: County) -> None:
    rect = await _bad_review(county)
    await county.contact(rect["id"])
    body = {"classification": "untrue", "reason": "核实不实"}
    await county.step(rect["id"], "invalid-request", county.handler_x, body)
    back = await county.step(
        rect["id"], "invalid-decision", county.supervisor, {"approve": False, "note": "证据不足"}
    )
    assert back["state"] == "open" and back["due_at"] is not None
    again = await county.step(rect["id"], "invalid-request", county.handler_x, body, 409)
    assert again["code"] == "invalid_already_rejected"
    fixed = await county.step(
        rect["id"], "classification", county.handler_x, {"classification": "simple"}
    )
    assert fixed["state"] == "rectifying"


async def test_real_name_bad_review_closes_only_after_its_callback(county: County) -> None:
    rect = await _bad_review(county)
    assert rect["real_name"] is True
    await county.contact(rect["id"])
    await county.step(rect["id"], "classification", county.handler_x, {"classification": "simple"})
    done = await county.step(rect["id"], "completion", county.handler_x, {"summary": "已整改"})
    assert done["state"] == "awaiting_callback" and done["closed_at"] is None
    missed = {"method": "phone", "reached": False}
    still = await county.step(rect["id"], "callbacks", county.visitor, missed, 201)
    assert still["state"] == "awaiting_callback"
    reached = {"method": "phone", "reached": True, "satisfied": True}
    closed = await county.step(rect["id"], "callbacks", county.visitor, reached, 201)
    assert closed["state"] == "closed" and closed["callback_satisfied"] is True
    await county.step(rect["id"], "callbacks", county.visitor, reached, 409)


async def test_extension_needs_a_complex_matter_and_its_reason_reaches_the_reviewer(
    county: County,
) -> None:
    rect = await _bad_review(county)
    await county.contact(rect["id"])
    body = {"working_days": 3, "reason": "需协调上级部门"}
    await county.step(rect["id"], "classification", county.handler_x, {"classification": "complex"})
    too_long = {"working_days": 6, "reason": "太久"}
    await county.step(rect["id"], "extension", county.handler_x, too_long, 409)
    asked = await county.step(rect["id"], "extension", county.handler_x, body)
    assert asked["extension_request"]["state"] == "pending"
    decision = {"approve": True}
    extended = await county.step(rect["id"], "extension-decision", county.supervisor, decision)
    assert extended["extension_days"] == 3 and extended["limit_working_days"] == 8
    again = await county.step(rect["id"], "extension", county.handler_x, body, 409)
    assert again["code"] == "extension_used"
    mine = await county.call("GET", "/api/reviews/mine", county.citizen_a)
    assert mine["items"][0]["rectification"]["extension_reason"] == "需协调上级部门"
    notice = await OutboxMessage.get(template="review_rectification_extended")
    assert notice.data["reason"] == "需协调上级部门"


async def test_other_departments_cannot_rectify(county: County) -> None:
    rect = await _bad_review(county)
    body = {"method": "phone", "reached": True}
    await county.step(rect["id"], "contacts", county.handler_y, body, 404)
    await county.step(rect["id"], "contacts", county.supervisor, body, 403)
