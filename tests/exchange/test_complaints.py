"""Complaints in and back (seed 002 art. 28): a dispatched complaint becomes a ticket with its
platform's number and deadline; every return, reply, extension and closure goes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.exchange import DispatchedComplaint
from models.tickets import Ticket, TicketState
from tests.exchange.conftest import Sim, push

PATH = "/api/exchange/complaints"


def complaint(number: str = "12345-2026-000001", **extra: Any) -> dict[str, Any]:
    return {
        "sourcePlatform": "12345",
        "complaintNo": number,
        "deptCode": "PROV-A",
        "deadline": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
        "title": "窗口办理食品经营许可一直拖延",
        "content": "提交材料已一个月未办结。",
        "contactName": "李四",
        "contactPhone": "13900001111",
        **extra,
    }


async def test_a_dispatched_complaint_becomes_an_assigned_ticket_once(
    client: TestClient, sim: Sim
) -> None:
    sent = complaint()
    [first, second] = await __import__("devtools.province_sim").province_sim.push(
        sim.state, str(client.make_url("")).rstrip("/"), PATH, sent, times=2
    )
    assert first[0] == 200 and first[1]["duplicate"] is False
    assert second[0] == 200 and second[1] == {**first[1], "duplicate": True}
    ticket = await Ticket.get(id=first[1]["ticket_id"])
    assert ticket.state == TicketState.ASSIGNED and ticket.column.value == "complaint"
    assert (await ticket.assigned_department).code == "DEPT-A"
    dispatch = await DispatchedComplaint.get(ticket_id=ticket.id)
    assert dispatch.source.value == "12345" and dispatch.external_no == sent["complaintNo"]
    assert ticket.due_at == datetime.fromisoformat(sent["deadline"])  # their deadline governs
    assert await Ticket.all().count() == 1


async def test_a_complaint_for_a_department_we_do_not_have_is_refused(
    client: TestClient, sim: Sim
) -> None:
    status, body = await push(sim, client, PATH, complaint(deptCode="PROV-NONE"))
    assert (status, body["code"]) == (404, "unknown_department")
    assert not await Ticket.exists()
    audit = await AuditRecord.filter(action="exchange.refused").order_by("-id").first()
    assert audit is not None and audit.after["code"] == "unknown_department"


async def test_a_complaint_naming_an_unknown_item_is_refused(client: TestClient, sim: Sim) -> None:
    status, body = await push(sim, client, PATH, complaint(taskCode="P-NOPE"))
    assert (status, body["code"]) == (404, "unknown_provincial_code")
    assert not await Ticket.exists()


async def test_return_reply_and_closure_go_back_to_the_platform(
    client: TestClient, sim: Sim, make_staff: Any, drain: Any
) -> None:
    handler = await make_staff("handler-a", ["handler"])
    _, first = await push(sim, client, PATH, complaint("12345-A"))
    _, second = await push(sim, client, PATH, complaint("12345-B"))
    returned = await client.post(
        f"/api/tickets/{first['ticket_id']}/return", json={"reason": "不属于本部门职责"},
        headers=handler,
    )  # fmt: skip
    assert returned.status == 200, await returned.text()
    replied = await client.post(
        f"/api/tickets/{second['ticket_id']}/replies", json={"text": "已核实，正在办理"},
        headers=handler,
    )  # fmt: skip
    assert replied.status == 201, await replied.text()
    extension = await client.post(
        f"/api/tickets/{second['ticket_id']}/extensions",
        json={"working_days": 3, "reason": "需现场核查"}, headers=handler,
    )  # fmt: skip
    assert extension.status == 201, await extension.text()
    closed = await client.post(
        f"/api/tickets/{second['ticket_id']}/closure",
        json={"closure": "resolved", "summary": "已办结并告知"}, headers=handler,
    )  # fmt: skip
    assert closed.status == 200, await closed.text()
    await drain()
    feedback = sim.state.received["feedback"].values()
    by_number: dict[str, list[str]] = {}
    for event in feedback:  # in the order the platform received them
        by_number.setdefault(event["complaintNo"], []).append(event["actionName"])
    assert by_number["12345-A"] == ["returned"]
    assert by_number["12345-B"][-1] == "closed_resolved"
    assert {"replied", "extension_requested"} <= set(by_number["12345-B"])
    back = next(e for e in feedback if e["actionName"] == "returned")
    assert back["action"] == "TH" and back["content"] == "不属于本部门职责"
