"""Callback visits (seed 002 art. 37(4)): every rectified bad review is called back; one whose
reviewer cannot be reached is recorded as such; a dissatisfied reviewer reopens it."""

from __future__ import annotations

from datetime import datetime

from models.audit import AuditRecord
from models.booking import QueueTicket, TicketKind
from models.outbox import OutboxMessage, RecipientType
from models.supervision import Deadline, DeadlineState
from tests.reviews.conftest import SHANGHAI, County
from tests.reviews.helpers import hall, signed_post, staff
from workflows import clock


async def _rectified(county: County, rect_id: int) -> dict:
    await county.contact(rect_id)
    await county.step(rect_id, "classification", county.handler_x, {"classification": "simple"})
    return await county.step(rect_id, "completion", county.handler_x, {"summary": "已整改"})


async def test_a_dissatisfied_callback_reopens_the_rectification_with_a_new_deadline(
    county: County,
) -> None:
    await county.review(await county.case(), "dissatisfied", text="办理太慢")
    [rect] = await county.rectifications(county.handler_x)
    done = await _rectified(county, rect["id"])
    assert done["state"] == "awaiting_callback"

    unsure = {"method": "phone", "reached": True}
    problem = await county.step(rect["id"], "callbacks", county.visitor, unsure, 422)
    assert "satisfied" in str(problem["fields"])  # reached: say whether satisfied
    unhappy = {"method": "phone", "reached": True, "satisfied": False, "note": "仍不满意"}
    reopened = await county.step(rect["id"], "callbacks", county.visitor, unhappy, 201)
    assert reopened["state"] == "rectifying" and reopened["closed_at"] is None
    assert reopened["callback_outcome"] == "dissatisfied" and reopened["reopened_count"] == 1
    assert reopened["rectified_at"] is None and reopened["rectified_on_time"] is None
    deadline = await Deadline.get(subject_type="rectification", subject_id=rect["id"])
    assert deadline.state == DeadlineState.RUNNING and deadline.due_at > clock.utc_now()
    [alert] = await OutboxMessage.filter(template="review_rectification_reopened")
    assert alert.recipient_type == RecipientType.DEPARTMENT and alert.recipient_id == county.dept_x

    again = await county.step(rect["id"], "completion", county.handler_x, {"summary": "再整改"})
    assert again["state"] == "awaiting_callback"
    happy = {"method": "phone", "reached": True, "satisfied": True}
    closed = await county.step(rect["id"], "callbacks", county.visitor, happy, 201)
    assert closed["state"] == "closed" and closed["callback_outcome"] == "satisfied"
    assert closed["reopened_count"] == 1


async def test_a_bad_review_without_contact_records_no_contact_as_its_callback(
    county: County,
) -> None:
    """A walk-in visit rated at the window device: nobody to call back, and that is recorded."""
    app = county.client.app
    admin = await staff(app, "admin", "admin")
    the_hall = await hall(county)
    device = await county.call(
        "POST", "/api/admin/review-devices", admin,
        {"hall_id": the_hall.id, "kind": "device", "name": "3号窗口评价器", "window": "3"}, 201,
    )  # fmt: skip
    ticket = await QueueTicket.create(
        hall=the_hall, day=datetime.now(SHANGHAI).date(), kind=TicketKind.WALK_IN, number=7,
        label="B007", priority_at=clock.utc_now(), issued_by_staff_id=1,
    )  # fmt: skip
    await signed_post(county, device, {"queue_ticket_id": ticket.id, "grade": "dissatisfied"})
    [rect] = await county.rectifications(county.handler_x)
    assert rect["real_name"] is False and rect["reviewer_contact"] == {"name": None, "phone": None}
    done = await _rectified(county, rect["id"])
    assert done["state"] == "closed" and done["callback_outcome"] == "no_contact"
    assert done["closed_at"] is not None and done["callback_at"] is None
    record = await AuditRecord.get(action="rectification.callback", object_id=str(rect["id"]))
    assert record.actor_kind == "system" and record.after["outcome"] == "no_contact"
