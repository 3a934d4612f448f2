"""The ticket flow through the API: open, screen, assign, reply, close, urge; who may do what."""

from __future__ import annotations

from models.audit import AuditRecord
from models.outbox import OutboxMessage
from models.supervision import Deadline, DeadlineState
from tests.tickets.conftest import County


async def test_citizen_opens_a_complaint_and_sees_it_in_their_list(county: County) -> None:
    ticket = await county.open(case_no="2025040300001", attachments=["file:abc"])
    assert ticket["state"] == "submitted" and ticket["case_no"] == "2025040300001"
    mine = await county.call("GET", "/api/tickets/mine", county.citizen_a)
    assert [item["id"] for item in mine["items"]] == [ticket["id"]]
    theirs = await county.call("GET", "/api/tickets/mine", county.citizen_b)
    assert theirs["items"] == []


async def test_asking_to_be_called_needs_a_phone_and_a_name(county: County) -> None:
    response = await county.client.post(
        "/api/tickets",
        json={"column": "consult", "title": "t", "content": "c", "contact_preference": "phone"},
        headers=county.citizen_a,
    )
    assert response.status == 422
    assert (await response.json())["code"] == "contact_phone_required"


async def test_refusal_records_the_art_31_reason_and_tells_the_citizen(county: County) -> None:
    ticket = await county.open()
    path = f"/api/tickets/{ticket['id']}/screening"
    problem = await county.call("POST", path, county.supervisor, {"accept": False}, status=422)
    assert problem["code"] == "refusal_reason_required"
    refused = await county.call(
        "POST",
        path,
        county.supervisor,
        {"accept": False, "refusal_reason": "other_statutory_channel", "note": "请走信访渠道"},
    )
    assert refused["state"] == "refused"
    assert refused["refusal_reason"] == "other_statutory_channel"
    assert "信访" in refused["refusal_text"]
    notice = await OutboxMessage.get(template="ticket_refused")
    assert notice.data["reason"] == "other_statutory_channel"
    assert notice.data["note"] == "请走信访渠道"
    again = await county.call("POST", path, county.supervisor, {"accept": True}, status=409)
    assert again["code"] == "ticket_already_screened"


async def test_acceptance_assigns_watches_the_deadline_and_notifies(county: County) -> None:
    ticket = await county.open_in_department(column="consult")
    assert ticket["state"] == "assigned" and ticket["limit_working_days"] == 3
    assert ticket["assigned_department_id"] == county.dept_x
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket["id"])
    assert deadline.state == DeadlineState.RUNNING and deadline.department_id == county.dept_x
    templates = set(await OutboxMessage.all().values_list("template", flat=True))
    assert {"ticket_accepted", "ticket_assigned"} <= templates


async def test_reply_and_close_tell_the_citizen_and_finish_the_deadline(county: County) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    replied = await county.call(
        "POST", f"{base}/replies", county.handler_x, {"text": "已核实，正在整改"}, status=201
    )
    assert replied["state"] == "in_handling" and replied["department_accepted_by"] == "staff"
    closed = await county.call(
        "POST", f"{base}/closure", county.handler_x, {"closure": "resolved", "summary": "已整改"}
    )
    assert closed["state"] == "closed" and closed["closure"] == "resolved"
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket["id"])
    assert deadline.state == DeadlineState.DONE
    seen = await county.call("GET", base, county.citizen_a)
    assert [e["kind"] for e in seen["timeline"]] == [
        "submitted",
        "accepted",
        "assigned",
        "replied",
        "closed_resolved",
    ]
    templates = set(await OutboxMessage.all().values_list("template", flat=True))
    assert {"ticket_replied", "ticket_closed"} <= templates
    audited = await AuditRecord.filter(object_type="ticket", object_id=str(ticket["id"])).count()
    assert audited == 5


async def test_closing_as_invalid_is_recorded(county: County) -> None:
    ticket = await county.open_in_department()
    closed = await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/closure",
        county.handler_x,
        {"closure": "invalid", "summary": "经调查不属实"},
    )
    assert closed["closure"] == "invalid"


async def test_staff_notes_stay_internal_and_citizen_additions_reach_the_department(
    county: County,
) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    await county.call("POST", f"{base}/messages", county.handler_x, {"text": "内部"}, status=201)
    await county.call("POST", f"{base}/messages", county.citizen_a, {"text": "补充"}, status=201)
    citizen_view = await county.call("GET", base, county.citizen_a)
    assert "note" not in [e["kind"] for e in citizen_view["timeline"]]
    staff_view = await county.call("GET", base, county.handler_x)
    assert {"note", "info_added"} <= {e["kind"] for e in staff_view["timeline"]}
    assert await OutboxMessage.exists(template="ticket_info_added", recipient_id=county.dept_x)


async def test_urging_notifies_the_department_and_is_not_shown_to_the_citizen(
    county: County,
) -> None:
    ticket = await county.open_in_department()
    path = f"/api/tickets/{ticket['id']}/urging"
    await county.call("POST", path, county.supervisor, {"method": "phone", "note": "请尽快办理"})
    notice = await OutboxMessage.get(template="ticket_urged")
    assert notice.recipient_type == "department" and notice.recipient_id == county.dept_x
    assert notice.data["method"] == "phone"
    problem = await county.call("POST", path, county.handler_x, {"note": "x"}, status=403)
    assert problem["code"] == "role_required"
    seen = await county.call("GET", f"/api/tickets/{ticket['id']}", county.citizen_a)
    assert "urged" not in [e["kind"] for e in seen["timeline"]]


async def test_citizen_b_cannot_read_or_add_to_citizen_a_ticket(county: County) -> None:
    ticket = await county.open()
    base = f"/api/tickets/{ticket['id']}"
    await county.call("GET", base, county.citizen_b, status=404)
    await county.call("POST", f"{base}/messages", county.citizen_b, {"text": "x"}, status=404)


async def test_department_y_cannot_see_or_act_on_department_x_ticket(county: County) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    await county.call("GET", base, county.handler_y, status=404)
    await county.call("POST", f"{base}/replies", county.handler_y, {"text": "x"}, status=404)
    await county.call("POST", f"{base}/return", county.handler_y, {"reason": "x"}, status=404)
    await county.call(
        "POST",
        f"{base}/closure",
        county.handler_y,
        {"closure": "resolved", "summary": "x"},
        status=404,
    )
    listed = await county.call("GET", "/api/staff/tickets", county.handler_y)
    assert listed["items"] == []
    listed_x = await county.call("GET", "/api/staff/tickets", county.handler_x)
    assert [item["id"] for item in listed_x["items"]] == [ticket["id"]]


async def test_only_the_intake_office_screens_and_assigns(county: County) -> None:
    ticket = await county.open()
    base = f"/api/tickets/{ticket['id']}"
    await county.call("POST", f"{base}/screening", county.handler_x, {"accept": True}, status=403)
    await county.call("POST", f"{base}/screening", county.citizen_a, {"accept": True}, status=403)
    await county.call("POST", f"{base}/screening", county.supervisor, {"accept": True})
    problem = await county.call(
        "POST", f"{base}/assignment", county.supervisor, {"department_id": 999999}, status=404
    )
    assert problem["code"] == "department_not_found"


async def test_a_clerk_of_the_department_reads_but_cannot_reply(county: County) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    await county.call("GET", base, county.clerk_x)
    await county.call("POST", f"{base}/replies", county.clerk_x, {"text": "x"}, status=403)


async def test_the_openapi_document_lists_every_ticket_operation(county: County) -> None:
    document = await county.call("GET", "/api/openapi.json", {})
    ids = {op["operationId"] for methods in document["paths"].values() for op in methods.values()}
    assert {
        "createTicket",
        "listMyTickets",
        "getTicket",
        "addTicketMessage",
        "screenTicket",
        "assignTicket",
        "returnTicket",
        "requestExtension",
        "decideExtension",
        "replyTicket",
        "closeTicket",
        "mergeTickets",
        "urgeTicket",
        "listCallbackTasks",
        "revealCallbackContact",
        "recordCallback",
        "listDepartmentTickets",
    } <= ids
