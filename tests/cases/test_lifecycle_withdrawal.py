"""Withdrawal (撤回): the applicant's own case, before a decision; the department is told."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.case_lifecycle import SpecialProcedure
from models.cases import Case, CaseStatus
from models.catalog import ServiceItem
from models.outbox import Channel, OutboxMessage
from models.supervision import DeadlineState
from tests.certificates.conftest import apply_with, cert_item, decide, to_review  # noqa: F401
from workflows.supervision import deadlines

Headers = dict[str, Any]


async def withdraw(client: TestClient, headers: Headers, case_id: int, reason: str = "") -> Any:
    return await client.post(
        f"/api/cases/{case_id}/withdrawal", json={"reason": reason}, headers=headers
    )


async def test_citizen_withdraws_before_a_decision_and_the_department_is_told(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    case = (await apply(citizen))["case"]
    response = await withdraw(client, citizen, case["id"], "材料准备不足")
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["status"] == "withdrawn" and body["status_label"] == "已撤回"
    assert body["timeline"][-1]["action"] == "withdraw" and body["due_at"] is None
    deadline = await deadlines.get("case", case["id"])
    assert deadline is not None and deadline.state == DeadlineState.DONE
    [told] = await OutboxMessage.filter(template="case_withdrawn")
    assert told.channel == Channel.WECOM_ROBOT and told.data["reason"] == "材料准备不足"

    again = await withdraw(client, citizen, case["id"])
    assert again.status == 409 and (await again.json())["code"] == "case_already_withdrawn"


async def test_withdrawal_after_a_decision_or_of_anothers_case_is_refused(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    decide: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
) -> None:
    citizen = await login_citizen("openid-a")
    stranger = await login_citizen("openid-b")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen)

    response = await withdraw(client, stranger, case["id"])
    assert response.status == 404
    assert (await Case.get(id=case["id"])).status == CaseStatus.SUBMITTED

    await decide(handler, case["id"])
    response = await withdraw(client, citizen, case["id"])
    assert response.status == 409 and (await response.json())["code"] == "case_already_decided"
    assert (await Case.get(id=case["id"])).status == CaseStatus.APPROVED
    assert not await OutboxMessage.filter(template="case_withdrawn").exists()


async def test_withdrawing_during_a_special_procedure_ends_it(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    to_review: Callable[..., Awaitable[None]],  # noqa: F811
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen)
    await to_review(handler, case["id"])
    response = await client.post(
        f"/api/staff/cases/{case['id']}/special-procedure",
        json={"kind": "hearing", "reason": "依申请听证", "limit_working_days": 10},
        headers=handler,
    )
    assert response.status == 201, await response.text()
    assert (await withdraw(client, citizen, case["id"])).status == 200
    procedure = await SpecialProcedure.get(case_id=case["id"])
    assert procedure.ended_at is not None
    running = await deadlines.get("case_procedure", procedure.id)
    assert running is not None and running.state == DeadlineState.DONE
