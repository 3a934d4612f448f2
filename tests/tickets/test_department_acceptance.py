"""The department signs for an assigned ticket (签收, seed 002 art. 33): it is then being handled,
may no longer be returned, and the step is on the record; others may not sign for it."""

from __future__ import annotations

from models.audit import AuditRecord
from tests.tickets.conftest import County


async def test_the_department_signs_for_its_ticket_and_can_no_longer_return_it(
    county: County,
) -> None:
    ticket = await county.open_in_department()
    base = f"/api/tickets/{ticket['id']}"
    signed = await county.call("POST", f"{base}/acceptance", county.handler_x)
    assert signed["state"] == "in_handling" and signed["department_accepted_by"] == "staff"
    assert [e["kind"] for e in signed["timeline"]][-1] == "department_accepted"
    record = await AuditRecord.get(action="ticket.department_accepted")
    assert record.object_id == str(ticket["id"]) and record.after["state"] == "in_handling"
    again = await county.call("POST", f"{base}/acceptance", county.handler_x, status=409)
    assert again["code"] == "ticket_not_assigned"
    refused = await county.call(
        "POST", f"{base}/return", county.handler_x, {"reason": "不属于本部门"}, status=409
    )
    assert refused["code"] == "ticket_not_returnable"
    # The citizen sees it is being handled.
    seen = await county.call("GET", base, county.citizen_a)
    assert seen["state"] == "in_handling"


async def test_only_the_assigned_departments_handlers_may_sign(county: County) -> None:
    ticket = await county.open_in_department()
    path = f"/api/tickets/{ticket['id']}/acceptance"
    await county.call("POST", path, county.handler_y, status=404)  # another department
    await county.call("POST", path, county.clerk_x, status=403)  # not a handler
    await county.call("POST", path, county.citizen_a, status=403)
    unscreened = await county.open()
    late = await county.call(
        "POST", f"/api/tickets/{unscreened['id']}/acceptance", county.supervisor, status=409
    )
    assert late["code"] == "ticket_not_assigned"
