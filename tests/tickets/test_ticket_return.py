"""A department returns a ticket that is not theirs (art. 33), and free text must say something."""

from __future__ import annotations

from models.tickets import Ticket, TicketState
from tests.tickets.conftest import County


async def test_returning_a_ticket_answers_its_summary_not_a_404(county: County) -> None:
    ticket = await county.open_in_department(confidential=True)
    base = f"/api/tickets/{ticket['id']}"
    returned = await county.call("POST", f"{base}/return", county.handler_x, {"reason": "非本部门"})
    assert returned["id"] == ticket["id"] and returned["state"] == "returned"
    assert returned["assigned_department_id"] is None
    # Only what a summary shows: no content, contact or timeline, and a confidential title hidden.
    assert "content" not in returned and "timeline" not in returned and "contact" not in returned
    assert returned["title"] != "窗口态度差"
    await county.call("GET", base, county.handler_x, status=404)
    seen = await county.call("GET", base, county.supervisor)
    assert seen["state"] == "returned" and seen["timeline"][-1]["kind"] == "returned"


async def test_a_return_reason_of_spaces_is_refused_and_nothing_changes(county: County) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    problem = await county.call(
        "POST", f"{base}/return", county.handler_x, {"reason": " \t\u3000 "}, status=422
    )
    assert problem["code"] == "validation_failed" and "reason" in problem["fields"]
    assert (await Ticket.get(id=ticket["id"])).state == TicketState.ASSIGNED


async def test_a_ticket_title_of_spaces_is_refused_and_text_is_stored_stripped(
    county: County,
) -> None:
    problem = await county.call(
        "POST",
        "/api/tickets",
        county.citizen_a,
        {"column": "complaint", "title": "   ", "content": "内容"},
        status=422,
    )
    assert "title" in problem["fields"]
    assert not await Ticket.exists()
    ticket = await county.open(title="  排队太久  ")
    assert ticket["title"] == "排队太久"
