"""The lookup's one statement reads what the ORM reads: the case's shown fields, its department,
the running procedure, the fee and every step; the personal fields stay sealed until opened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from models.case_lifecycle import (
    CaseDelivery,
    CaseFee,
    DeliveryMethod,
    FeeState,
    ProcedureKind,
    SpecialProcedure,
)
from models.cases import Case, CaseStatus
from tests.cases.test_case_statements import stored
from workflows.cases.lookup_statements import case_for_lookup, open_personal
from workflows.cases.queries import timeline_rows

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


async def _with_procedures_and_fee(case_id: int) -> None:
    await CaseFee.create(case_id=case_id, amount_cents=5000, state=FeeState.DUE)
    for ended in (NOW - timedelta(days=3), None):  # an ended one, then the one running
        await SpecialProcedure.create(
            case_id=case_id, kind=ProcedureKind.HEARING, reason="听证", limit_working_days=10,
            started_at=NOW - timedelta(days=5), due_at=NOW + timedelta(days=9), ended_at=ended,
        )  # fmt: skip


async def test_the_lookup_reads_the_orms_case_department_records_and_steps(
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    bare = (await apply(citizen))["case"]
    case_id = (await apply(citizen))["case"]["id"]
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    assert (await act(clerk, case_id, "pre_review")).status == 200
    correction = {"missing_materials": ["营业执照副本"], "note": "缺副本"}
    assert (await act(handler, case_id, "request_correction", **correction)).status == 200
    await _with_procedures_and_fee(case_id)

    orm = await Case.get(id=case_id).select_related("department")
    found = await case_for_lookup(orm.case_no)
    assert found is not None
    for name in ("id", "case_no", "lookup_secret_hash", "item_name", "status", "submitted_at"):
        assert getattr(found, name) == getattr(orm, name), name
    assert found.due_at == orm.due_at and found.status == CaseStatus.CORRECTION_NEEDED
    assert found.correction_materials == orm.correction_materials == ["营业执照副本"]
    assert found.department_name == orm.department.name
    assert found.sealed_applicant_name.startswith("sm4:")  # not opened by the read
    assert open_personal("applicant_name", found.sealed_applicant_name) == orm.applicant_name
    assert open_personal("applicant_phone", found.sealed_applicant_phone) == "13812345678"
    running = await SpecialProcedure.get(case_id=case_id, ended_at=None)
    assert stored(found.procedure) == stored(running)
    assert stored(found.fee) == stored(await CaseFee.get(case_id=case_id))
    steps = await timeline_rows(case_id)
    assert len(steps) == 3 and steps[1].staff_name == "clerk-a"
    assert found.steps == [replace(step, staff_name=None) for step in steps]  # never shown

    plain = await case_for_lookup(bare["case_no"])
    assert plain is not None and plain.procedure is None and plain.fee is None
    assert plain.steps == await timeline_rows(bare["id"])
    assert await case_for_lookup("2099010100001") is None


async def test_two_running_procedures_fail_as_the_orms_read_fails(
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    case = (await apply(await login_citizen("openid-a")))["case"]
    await _with_procedures_and_fee(case["id"])
    await SpecialProcedure.create(
        case_id=case["id"], kind=ProcedureKind.HEARING, reason="再次", limit_working_days=10,
        started_at=NOW, due_at=NOW + timedelta(days=9),
    )  # fmt: skip
    try:
        await case_for_lookup(case["case_no"])
    except Exception as failure:  # what get_or_none raises for two rows
        assert type(failure).__name__ == "MultipleObjectsReturned"
    else:
        raise AssertionError("two running procedures read as one")


async def test_the_lookup_shows_the_procedure_and_fee_getcase_shows_and_no_delivery(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    submitted = await apply(citizen)
    case = submitted["case"]
    await _with_procedures_and_fee(case["id"])
    await CaseDelivery.create(
        case_id=case["id"], method=DeliveryMethod.POST, address="浙江省杭州市西湖区文三路 1 号",
        recipient_name="张三丰", recipient_phone="13812345678", pickup_code="123456",
    )  # fmt: skip
    own = await (await client.get(f"/api/cases/{case['id']}", headers=citizen)).json()
    for proof in ({"secret": submitted["lookup_secret"]}, {"phone_last4": "5678"}):
        answer = await client.post("/api/cases/lookup", json={"case_no": case["case_no"], **proof})
        assert answer.status == 200, await answer.text()
        shown = await answer.json()
        assert shown["special_procedure"] == own["special_procedure"] is not None
        assert shown["fee"] == own["fee"] == {
            "amount_cents": 5000, "state": "due", "means": None, "waiver_reason": "",
        }  # fmt: skip
        assert "delivery" not in shown and "123456" not in str(shown)
        assert shown["timeline"] == [{**step, "staff_name": None} for step in own["timeline"]]
