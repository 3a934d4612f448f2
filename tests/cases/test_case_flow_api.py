"""A case's life over HTTP: every step on the timeline, audited, and a notice to the citizen."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.cases import Case
from models.outbox import OutboxMessage
from models.supervision import DeadlineState
from workflows.supervision import deadlines


async def test_case_goes_from_application_to_delivery_with_a_notice_per_step(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    submitted = await apply(citizen)
    case = submitted["case"]
    assert len(case["case_no"]) == 13 and case["status"] == "submitted"
    assert case["status_label"] == "已提交" and case["due_at"] is not None
    assert len(submitted["lookup_secret"]) == 8

    steps = [
        (clerk, "pre_review", {}),
        (handler, "accept", {"note": "材料齐全"}),
        (handler, "start_review", {}),
        (handler, "approve", {"note": "准予变更"}),
        (clerk, "deliver", {"note": "窗口领取"}),
    ]
    for headers, action, body in steps:
        response = await act(headers, case["id"], action, **body)
        assert response.status == 200, await response.text()
    final = await response.json()
    assert final["status"] == "delivered" and final["status_label"] == "已办结"
    assert [s["action"] for s in final["timeline"]] == [
        "submit", "pre_review", "accept", "start_review", "approve", "deliver",
    ]  # fmt: skip
    assert all(s["department"] == "部门 DEPT-A" for s in final["timeline"])
    assert final["timeline"][2]["note"] == "材料齐全"

    notices = await OutboxMessage.filter(subject_type="case", subject_id=case["id"]).order_by("id")
    assert [n.data["status"] for n in notices] == [
        "已提交", "预审中", "已受理", "审查中", "准予办理", "已办结",
    ]  # fmt: skip
    assert all(n.template == "case_status_changed" for n in notices)
    assert notices[1].data["case_no"] == case["case_no"]
    assert notices[1].data["item_name"] == "营业执照变更登记"
    assert len({n.dedupe_key for n in notices}) == 6
    assert await AuditRecord.filter(object_type="case", object_id=str(case["id"])).count() == 6
    deadline = await deadlines.get("case", case["id"])
    assert deadline is not None and deadline.state == DeadlineState.DONE

    mine = await (await client.get("/api/cases", headers=citizen)).json()
    assert [c["case_no"] for c in mine["cases"]] == [case["case_no"]]


async def test_acceptance_starts_the_promised_limit(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = (await apply(citizen))["case"]
    accepted = await (await act(handler, case["id"], "accept")).json()
    deadline = await deadlines.get("case", case["id"])
    assert deadline is not None and deadline.limit_working_days == 5
    assert "办理" in deadline.title and deadline.state == DeadlineState.RUNNING
    stored = await Case.get(id=case["id"])
    assert stored.due_at == deadline.due_at
    assert accepted["due_at"] is not None


async def test_refusing_or_denying_needs_a_reason_and_changes_nothing_without_one(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = (await apply(citizen))["case"]
    response = await act(handler, case["id"], "refuse")
    assert response.status == 422
    assert (await response.json())["fields"] == {"reason": "required"}
    assert (await Case.get(id=case["id"])).status == "submitted"
    response = await act(handler, case["id"], "refuse", reason="不属于本部门职权范围")
    body = await response.json()
    assert body["status"] == "not_accepted" and body["decision_reason"] == "不属于本部门职权范围"
    deadline = await deadlines.get("case", case["id"])
    assert deadline is not None and deadline.state == DeadlineState.DONE


async def test_illegal_transition_answers_409_and_leaves_no_trace(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = (await apply(citizen))["case"]
    response = await act(handler, case["id"], "approve")
    assert response.status == 409
    assert (await response.json())["code"] == "illegal_transition"
    assert (await Case.get(id=case["id"])).status == "submitted"
    assert await OutboxMessage.filter(subject_id=case["id"]).count() == 1
    assert await AuditRecord.filter(object_type="case").count() == 1


async def test_unknown_action_is_a_validation_error(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = (await apply(citizen))["case"]
    response = await act(handler, case["id"], "teleport")
    assert response.status == 422 and "action" in (await response.json())["fields"]
