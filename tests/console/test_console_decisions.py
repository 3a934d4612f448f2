"""The supervisor's decisions page: ticket extensions, rectification extensions and invalid-review
requests, each approved or refused with a reason through the API's workflows."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from models.review_channels import ExtensionState as RectExtensionState
from models.review_channels import RectificationExtension
from models.reviews import Rectification, RectificationState, Review
from models.tickets import ExtensionState, Ticket, TicketExtension
from tests.console.supervision_helpers import audit_rows, form_token, use_console_as
from tests.reviews.conftest import County, county  # noqa: F401  (the fixture)


async def _ticket_extension(county: County) -> TicketExtension:  # noqa: F811
    """A complaint screened to department X, whose handler asks for 3 more working days."""
    body = {"column": "complaint", "title": "窗口排队时间长", "content": "排队两小时"}
    ticket = await county.call("POST", "/api/tickets", county.citizen_a, body, 201)
    screening = {"accept": True, "department_id": county.dept_x}
    await county.call(
        "POST", f"/api/tickets/{ticket['id']}/screening", county.supervisor, screening
    )
    asked = {"working_days": 3, "reason": "需调取监控核实"}
    await county.call(
        "POST", f"/api/tickets/{ticket['id']}/extensions", county.handler_x, asked, 201
    )
    return await TicketExtension.get(ticket_id=ticket["id"])


async def _rectification(county: County, grade: str = "very_dissatisfied") -> int:  # noqa: F811
    case_id = await county.case()
    await county.review(case_id, grade, text="材料要求反复变化")
    [rect] = [r for r in await county.rectifications(county.handler_x) if r["state"] == "open"]
    await county.contact(rect["id"])
    return int(rect["id"])


async def test_a_supervisor_approves_a_ticket_extension(
    client: TestClient,
    county: County,  # noqa: F811
) -> None:
    extension = await _ticket_extension(county)
    use_console_as(client, county.supervisor)
    page = await client.get("/console/decisions")
    html = await page.text()
    assert page.status == 200
    assert "诉求延期：窗口排队时间长" in html and "需调取监控核实" in html and "3 个工作日" in html
    response = await client.post(
        f"/console/decisions/ticket-extensions/{extension.id}",
        data={"csrf": await form_token(client, "/console/decisions"), "decision": "approve"},
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == "/console/decisions?done=approved"
    await extension.refresh_from_db()
    ticket = await Ticket.get(id=extension.ticket_id)  # type: ignore[attr-defined]
    assert extension.state == ExtensionState.APPROVED and ticket.extension_granted
    assert ticket.due_at == extension.new_due_at and ticket.due_at > extension.old_due_at
    [audit] = await audit_rows("ticket.extended")
    assert audit.object_id == str(ticket.id)
    after = await (await client.get("/console/decisions?done=approved")).text()
    assert "已同意" in after and "窗口排队时间长" not in after


async def test_a_refusal_needs_a_reason_and_bad_forms_change_nothing(
    client: TestClient,
    county: County,  # noqa: F811
) -> None:
    extension = await _ticket_extension(county)
    use_console_as(client, county.supervisor)
    path = f"/console/decisions/ticket-extensions/{extension.id}"
    token = await form_token(client, "/console/decisions")
    assert (await client.post(path, data={"decision": "refuse", "note": "不必"})).status == 403
    silent = await client.post(path, data={"csrf": token, "decision": "refuse", "note": " "})
    assert silent.status == 422 and "不同意时请填写理由" in await silent.text()
    unknown = await client.post(path, data={"csrf": token, "decision": "maybe"})
    assert unknown.status == 422 and "请选择同意或不同意" in await unknown.text()
    assert (
        await client.post(path, data={"csrf": token, "decision": "approve", "note": "长" * 2001})
    ).status == 422
    await extension.refresh_from_db()
    assert extension.state == ExtensionState.PENDING and not await audit_rows("ticket.extended")

    refused = await client.post(
        path, data={"csrf": token, "decision": "refuse", "note": "未说明超期的具体原因"}
    )
    assert refused.status == 200 and "已不同意" in await refused.text()
    await extension.refresh_from_db()
    assert extension.state == ExtensionState.REJECTED
    assert extension.decision_note == "未说明超期的具体原因"
    assert await audit_rows("ticket.extension_rejected")
    again = await client.post(path, data={"csrf": token, "decision": "approve"})
    assert again.status == 409
    assert (
        await client.post("/console/decisions/ticket-extensions/0", data={"csrf": token})
    ).status == 404


async def test_invalid_review_and_rectification_extension_decisions(
    client: TestClient,
    county: County,  # noqa: F811
) -> None:
    invalid = await _rectification(county)
    body = {"classification": "mistaken", "reason": "评价人称点错"}
    await county.step(invalid, "invalid-request", county.handler_x, body)
    extended = await _rectification(county)
    await county.step(extended, "classification", county.handler_x, {"classification": "complex"})
    ask = {"working_days": 2, "reason": "需协调上级部门"}
    await county.step(extended, "extension", county.handler_x, ask)

    use_console_as(client, county.supervisor)
    html = await (await client.get("/console/decisions")).text()
    assert "差评无效申请：营业执照变更登记" in html and "误评" in html and "评价人称点错" in html
    assert "整改延期：营业执照变更登记" in html and "需协调上级部门" in html
    token = await form_token(client, "/console/decisions")
    approved = await client.post(
        f"/console/decisions/invalid-reviews/{invalid}",
        data={"csrf": token, "decision": "approve", "note": "经核实系误评"},
    )
    assert approved.status == 200
    rect = await Rectification.get(id=invalid)
    assert rect.state == RectificationState.INVALID and rect.invalid_decision_note == "经核实系误评"
    assert (await Review.get(id=rect.review_id)).invalid  # type: ignore[attr-defined]
    assert await audit_rows("rectification.invalid_approved")

    refused = await client.post(
        f"/console/decisions/rectification-extensions/{extended}",
        data={"csrf": token, "decision": "refuse", "note": "简单事项无需延期"},
    )
    assert refused.status == 200
    request = await RectificationExtension.get(rectification_id=extended)
    assert request.state == RectExtensionState.REJECTED
    [audit] = await audit_rows("rectification.extension_rejected")
    assert audit.note == "简单事项无需延期"
    left = await (await client.get("/console/decisions")).text()
    assert "暂无待决定的差评无效申请" in left and "暂无待决定的整改延期申请" in left


async def test_a_handler_has_no_decisions_page(
    client: TestClient,
    county: County,  # noqa: F811
) -> None:
    extension = await _ticket_extension(county)
    use_console_as(client, county.handler_x)
    assert (await client.get("/console/decisions")).status == 403
    token = await form_token(client, "/console/cards")
    response = await client.post(
        f"/console/decisions/ticket-extensions/{extension.id}",
        data={"csrf": token, "decision": "approve"},
    )
    assert response.status == 403
    await extension.refresh_from_db()
    assert extension.state == ExtensionState.PENDING
