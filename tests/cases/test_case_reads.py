"""The case reads' one-statement paths (timeline rows, joined departments) answer exactly what the
ORM's models say, in every view: the citizen's, the staff's and the anonymous lookup."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient
from pydantic import TypeAdapter

from core.masking import mask_name
from miniapp_api.cases.present import CaseSummary, TimelineStep
from models.cases import Case
from workflows.cases.machine import STATUS_LABELS
from workflows.cases.queries import timeline


async def _expected_steps(case_id: int, *, for_staff: bool) -> list[dict[str, Any]]:
    """The timeline as the models read through the ORM show it."""
    steps = [
        TimelineStep(
            seq=e.seq, at=e.at, action=e.action, status=e.status,
            status_label=STATUS_LABELS[e.status], department=e.department.name, note=e.note,
            staff_name=e.staff.name if for_staff and e.staff else None, details=e.details,
        )
        for e in await timeline(await Case.get(id=case_id))
    ]  # fmt: skip
    return TypeAdapter(list[TimelineStep]).dump_python(steps, mode="json")


async def test_every_case_view_shows_the_timeline_the_models_hold(
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
    case_id = submitted["case"]["id"]
    for headers, action, body in (
        (clerk, "pre_review", {}),
        (handler, "request_correction", {"missing_materials": ["营业执照副本"], "note": "缺副本"}),
    ):
        assert (await act(headers, case_id, action, **body)).status == 200

    mine = await (await client.get(f"/api/cases/{case_id}", headers=citizen)).json()
    staff = await (await client.get(f"/api/cases/{case_id}", headers=handler)).json()
    assert mine["timeline"] == await _expected_steps(case_id, for_staff=False)
    assert staff["timeline"] == await _expected_steps(case_id, for_staff=True)
    assert [s["staff_name"] for s in staff["timeline"]] == [None, "clerk-a", "handler-a"]
    assert staff["timeline"][2]["details"] == {"missing_materials": ["营业执照副本"]}
    assert mine["correction_materials"] == ["营业执照副本"]

    case = await Case.get(id=case_id)
    found = await client.post(
        "/api/cases/lookup",
        json={"case_no": case.case_no, "secret": submitted["lookup_secret"]},
    )
    progress = await found.json()
    assert progress["timeline"] == await _expected_steps(case_id, for_staff=False)
    assert progress["department"] == "部门 DEPT-A"
    assert progress["applicant_name"] == mask_name(case.applicant_name)


async def test_my_cases_list_each_case_with_its_own_department(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    for item_code in ("ITEM-A", "ITEM-B", "ITEM-A"):
        await apply(citizen, item_code)
    await apply(await login_citizen("openid-b"), "ITEM-B")

    page = await (await client.get("/api/cases", headers=citizen)).json()
    cases = await Case.filter(citizen__openid="openid-a").order_by("-submitted_at", "-id")
    expected = []
    for case in cases:
        await case.fetch_related("department")
        expected.append(
            CaseSummary(
                id=case.id, case_no=case.case_no, item_name=case.item_name,
                department={"code": case.department.code, "name": case.department.name},
                channel=case.channel, status=case.status, status_label=STATUS_LABELS[case.status],
                applicant_name=mask_name(case.applicant_name), submitted_at=case.submitted_at,
                due_at=case.due_at,
            ).model_dump(mode="json")
        )  # fmt: skip
    assert page == {"cases": expected, "total": 3}
    assert [c["department"]["code"] for c in page["cases"]] == ["DEPT-A", "DEPT-B", "DEPT-A"]
