"""The callback worklist page: the phone masked, revealed by a POST form (CSRF), audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.people import Department
from models.tickets import CallbackVisit
from tests.console.conftest import csrf_of

Login = Callable[..., Awaitable[str]]
MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


async def _closed_ticket(
    client: TestClient, make_staff: MakeStaff, login_citizen: Callable[..., Awaitable[Any]]
) -> int:
    citizen = await login_citizen("o-caller")
    body = {
        "column": "complaint",
        "title": "窗口态度差",
        "content": "办事窗口工作人员态度恶劣",
        "contact_name": "张三",
        "contact_phone": "13812345678",
        "contact_preference": "phone",
    }
    ticket = await (await client.post("/api/tickets", json=body, headers=citizen)).json()
    supervisor = await make_staff("sup-t", ["supervisor"], "DEPT-A")
    handler = await make_staff("handler-t", ["handler"], "DEPT-A")
    base = f"/api/tickets/{ticket['id']}"
    department = await Department.get(code="DEPT-A")
    screened = await client.post(
        f"{base}/screening",
        json={"accept": True, "department_id": department.id},
        headers=supervisor,
    )
    assert screened.status == 200, await screened.text()
    closed = await client.post(
        f"{base}/closure", json={"closure": "resolved", "summary": "已处理"}, headers=handler
    )
    assert closed.status == 200, await closed.text()
    return (await CallbackVisit.get(ticket_id=ticket["id"])).id


async def test_the_visitor_clicks_to_reveal_the_phone_and_the_reveal_is_audited(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: Login,
    make_staff: MakeStaff,
    login_citizen: Callable[..., Awaitable[Any]],
) -> None:
    visit_id = await _closed_ticket(client, make_staff, login_citizen)
    await console_login("huifang")
    page = await client.get("/console/callbacks")
    html = await page.text()
    assert "138****5678" in html and "13812345678" not in html
    action = f"/console/callbacks/{visit_id}/contact-reveal"
    assert f'action="{action}"' in html
    forged = await client.post(action, data={"csrf": "forged"})
    assert forged.status == 403
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()
    revealed = await client.post(action, data={"csrf": csrf_of(html)})
    assert revealed.status == 200
    assert "13812345678" in await revealed.text()
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 1
    # Opening the worklist again shows it masked again.
    assert "13812345678" not in await (await client.get("/console/callbacks")).text()
