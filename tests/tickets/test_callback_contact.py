"""The callback worklist shows the complainant's phone masked; the whole number is revealed on
request, per visit, and every reveal is audited (seed 002 art. 29)."""

from __future__ import annotations

from typing import Any

from models.audit import AuditRecord
from models.people import StaffAccount
from models.tickets import CallbackVisit
from tests.tickets.conftest import County


async def _closed_with_phone(county: County, **fields: Any) -> dict[str, Any]:
    ticket = await county.open_in_department(
        contact_name="张三", contact_phone="13812345678", contact_preference="phone", **fields
    )
    await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/closure",
        county.handler_x,
        {"closure": "resolved", "summary": "已处理"},
    )
    return ticket


async def test_the_worklist_masks_the_phone_and_a_reveal_is_audited(county: County) -> None:
    await _closed_with_phone(county)
    (task,) = (await county.call("GET", "/api/staff/callbacks", county.visitor))["items"]
    assert task["contact_phone"] == "138****5678" and task["phone_allowed"]
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()
    path = f"/api/staff/callbacks/{task['id']}/contact-reveal"
    revealed = await county.call("POST", path, county.visitor)
    assert revealed == {"name": "张三", "phone": "13812345678"}
    record = await AuditRecord.get(action="callback.contact_revealed")
    visitor = await StaffAccount.get(username="visitor")
    assert (record.actor_kind, record.actor_id) == ("staff", visitor.id)
    assert (record.object_type, record.object_id) == ("callback_visit", str(task["id"]))
    await county.call("POST", path, county.supervisor)  # supervisors may do callbacks too
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 2


async def test_only_callback_staff_reveal_and_only_for_a_pending_named_visit(
    county: County,
) -> None:
    await _closed_with_phone(county)
    visit = await CallbackVisit.get()
    path = f"/api/staff/callbacks/{visit.id}/contact-reveal"
    await county.call("POST", path, county.handler_x, status=403)
    await county.call("POST", path, county.citizen_a, status=403)
    await county.call(
        "POST", "/api/staff/callbacks/999999/contact-reveal", county.visitor, status=404
    )
    await county.call(
        "POST",
        f"/api/staff/callbacks/{visit.id}/attempts",
        county.visitor,
        {"method": "phone", "reached": True, "satisfaction": "satisfied"},
        status=201,
    )
    finished = await county.call("POST", path, county.visitor, status=409)
    assert finished["code"] == "callback_not_pending"
    anonymous = await county.open_in_department(anonymous=True)
    await county.call(
        "POST",
        f"/api/tickets/{anonymous['id']}/closure",
        county.handler_x,
        {"closure": "resolved", "summary": "已处理"},
    )
    other = await CallbackVisit.get(ticket_id=anonymous["id"])
    problem = await county.call(
        "POST", f"/api/staff/callbacks/{other.id}/contact-reveal", county.visitor, status=409
    )
    assert problem["code"] == "no_phone_on_record"
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()
