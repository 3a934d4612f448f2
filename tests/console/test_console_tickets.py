"""The handler's ticket page: the forms the role and state allow, each through the API's
workflow (state and audit row), CSRF, bad input and another department's ticket."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.people import Department
from models.tickets import Ticket, TicketState
from tests.console.conftest import csrf_of
from tests.console.handler_setup import Login, open_ticket, screened_ticket, sign_in_as

ConsoleLogin = Callable[..., Awaitable[str]]


async def _page(client: TestClient, ticket_id: int) -> str:
    response = await client.get(f"/console/tickets/{ticket_id}")
    assert response.status == 200, await response.text()
    return await response.text()


async def test_supervisor_screens_and_assigns_from_the_page(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    ticket_id = await open_ticket(client, login_citizen)
    await console_login("jiancha")
    html = await _page(client, ticket_id)
    assert "待甄别" in html and "提交甄别" in html and "退回" not in html
    assert "139****1234" in html and "13900001234" not in html  # masked contact
    department = await Department.get(code="DEPT-A")
    response = await client.post(
        f"/console/tickets/{ticket_id}/screen",
        data={"csrf": csrf_of(html), "decision": "accept", "urgency": "ordinary",
              "department_id": str(department.id), "note": "属实"},
    )  # fmt: skip
    assert response.status == 200
    assert "已交办，待签收" in await response.text()
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.ASSIGNED and ticket.assigned_department_id == department.id
    assert await AuditRecord.exists(action="ticket.accepted", object_id=str(ticket_id))


async def test_a_refusal_without_a_reason_is_an_error_page_and_changes_nothing(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    ticket_id = await open_ticket(client, login_citizen)
    await console_login("jiancha")
    html = await _page(client, ticket_id)
    response = await client.post(
        f"/console/tickets/{ticket_id}/screen", data={"csrf": csrf_of(html), "decision": "refuse"}
    )
    assert response.status == 422
    assert "refusal_reason" in await response.text()
    assert (await Ticket.get(id=ticket_id)).state == TicketState.SUBMITTED


async def test_handler_returns_with_a_reason(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    ticket_id = await screened_ticket(client, login_citizen)
    await console_login("banli")
    html = await _page(client, ticket_id)
    assert "退回理由" in html and "答复内容" in html and "提交甄别" not in html
    path = f"/console/tickets/{ticket_id}/return"
    assert (await client.post(path, data={"reason": "不属本部门"})).status == 403  # no CSRF
    empty = await client.post(path, data={"csrf": csrf_of(html), "reason": "  "})
    assert empty.status == 422
    assert (await Ticket.get(id=ticket_id)).state == TicketState.ASSIGNED
    response = await client.post(path, data={"csrf": csrf_of(html), "reason": "不属本部门职责"})
    # The department no longer sees a ticket it gave back: the queue says it went.
    assert response.status == 200 and response.url.path == "/console/queue"
    assert f"诉求 {ticket_id} 已退回" in await response.text()
    assert (await client.get(f"/console/tickets/{ticket_id}")).status == 404
    assert (await Ticket.get(id=ticket_id)).state == TicketState.RETURNED
    assert await AuditRecord.exists(action="ticket.returned", object_id=str(ticket_id))


async def test_handler_signs_for_an_assigned_ticket(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    ticket_id = await screened_ticket(client, login_citizen)
    await console_login("banli")
    html = await _page(client, ticket_id)
    path = f"/console/tickets/{ticket_id}/sign"
    assert (await client.post(path, data={})).status == 403  # no CSRF
    response = await client.post(path, data={"csrf": csrf_of(html)})
    assert response.status == 200 and response.url.path == f"/console/tickets/{ticket_id}"
    after = await response.text()
    assert "部门签收" in after and "退回理由" not in after  # signed for: no return any more
    assert (await Ticket.get(id=ticket_id)).state == TicketState.IN_HANDLING
    assert await AuditRecord.exists(action="ticket.department_accepted", object_id=str(ticket_id))
    again = await client.post(path, data={"csrf": csrf_of(after)})
    assert again.status == 409


async def test_handler_replies_requests_an_extension_and_closes(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    ticket_id = await screened_ticket(client, login_citizen)
    await console_login("banli")
    token = csrf_of(await _page(client, ticket_id))
    base = f"/console/tickets/{ticket_id}"
    reply = await client.post(f"{base}/reply", data={"csrf": token, "text": "已安排专人核查"})
    html = await reply.text()
    assert reply.status == 200 and "已安排专人核查" in html and "办理中" in html
    too_long = await client.post(
        f"{base}/extend", data={"csrf": token, "working_days": "99", "reason": "需现场核实"}
    )
    assert too_long.status == 422
    extend = await client.post(
        f"{base}/extend", data={"csrf": token, "working_days": "3", "reason": "需现场核实"}
    )
    html = await extend.text()
    assert "待审批" in html and "提交延期申请" not in html  # one request at a time
    close = await client.post(
        f"{base}/close", data={"csrf": token, "closure": "resolved", "summary": "已整改"}
    )
    assert "已办结" in await close.text()
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.CLOSED and ticket.closure_summary == "已整改"
    for action in ("ticket.replied", "ticket.extension_requested", "ticket.closed_resolved"):
        assert await AuditRecord.exists(action=action, object_id=str(ticket_id)), action


async def test_supervisor_merges_a_duplicate_into_a_lead(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    lead = await open_ticket(client, login_citizen)
    duplicate = await open_ticket(client, login_citizen, openid="o-other")
    await console_login("jiancha")
    html = await _page(client, duplicate)
    response = await client.post(
        f"/console/tickets/{duplicate}/merge", data={"csrf": csrf_of(html), "lead_id": str(lead)}
    )
    assert "已合并" in await response.text()
    assert (await Ticket.get(id=duplicate)).merged_into_id == lead
    bad = await client.post(
        f"/console/tickets/{lead}/merge", data={"csrf": csrf_of(html), "lead_id": "abc"}
    )
    assert bad.status == 422


async def test_another_departments_ticket_and_unknown_steps_are_not_found(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    await make_staff("other-dept", ["handler"], "DEPT-B")
    ticket_id = await screened_ticket(client, login_citizen)
    await console_login("other-dept")
    assert (await client.get(f"/console/tickets/{ticket_id}")).status == 404
    queue = await (await client.get("/console/queue")).text()
    token = csrf_of(queue)
    reply = await client.post(
        f"/console/tickets/{ticket_id}/reply", data={"csrf": token, "text": "x"}
    )
    assert reply.status == 404
    await sign_in_as(client, console_login, "banli")
    assert (await client.post(f"/console/tickets/{ticket_id}/fly", data={})).status == 404
    assert (await client.get("/console/tickets/0")).status == 404
    assert (await Ticket.get(id=ticket_id)).state == TicketState.ASSIGNED
