"""转办: a case or ticket handed to another department allowed to handle it, with a reason; the
clock goes on or restarts as configured; the new department is alerted, the old one is out."""

from __future__ import annotations

from models.cases import Case, CaseTimelineEntry
from models.routing import Reassignment
from models.supervision import Deadline
from tests.routing.conftest import Clock, County, at, outbox, walk_in


async def accepted_case(county: County) -> int:
    receipt = await county.call(
        "POST", f"/api/staff/halls/{county.hall.id}/window/cases", "window", walk_in(), 201
    )
    case_id = receipt["case"]["id"]
    await county.call("POST", f"/api/staff/cases/{case_id}/transitions", "ha", {"action": "accept"})
    return case_id


async def allow(county: County, *codes: str, item: str = "ITEM-A") -> None:
    await county.call(
        "PUT", f"/api/admin/items/{item}/handlers", "admin", {"department_codes": list(codes)}
    )


async def test_a_case_goes_to_another_allowed_department_and_its_clock_goes_on(
    county: County, frozen_clock: Clock
) -> None:
    await allow(county, "DEPT-B")
    handlers = await county.call("GET", "/api/admin/items/ITEM-A/handlers", "admin")
    assert [d["code"] for d in handlers["others"]] == ["DEPT-B"]
    case_id = await accepted_case(county)
    due = (await Case.get(id=case_id)).due_at
    frozen_clock.set(at("2025-04-09 10:00"))
    out = await county.call(
        "POST", f"/api/staff/cases/{case_id}/reassignments", "ha",
        {"department_code": "DEPT-B", "reason": "属社保部门职责"},
    )  # fmt: skip
    assert out["from_department"]["code"] == "DEPT-A" and out["to_department"]["code"] == "DEPT-B"
    assert out["clock"] == "continue"
    case = await Case.get(id=case_id)
    assert case.due_at == due
    deadline = await Deadline.get(subject_type="case", subject_id=case_id)
    assert deadline.department_id == (await county.department("DEPT-B")).id
    assert deadline.due_at == due
    step = await CaseTimelineEntry.filter(case_id=case_id).order_by("-seq").first()
    assert step is not None and step.action == "reassign" and step.note == "属社保部门职责"
    [alert] = await outbox("case_reassigned")
    assert alert.recipient_id == (await county.department("DEPT-B")).id
    # The old department no longer handles it; the new one does.
    moved = await county.client.post(
        f"/api/staff/cases/{case_id}/transitions", json={"action": "start_review"},
        headers=county.staff["ha"],
    )  # fmt: skip
    assert moved.status == 404
    await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "hb", {"action": "start_review"}
    )
    # The citizen's progress shows the step.
    view = await county.call("GET", f"/api/cases/{case_id}", "hb")
    assert "reassign" in [s["action"] for s in view["timeline"]]


async def test_refused_reassignments_change_nothing(county: County) -> None:
    await allow(county, "DEPT-B")
    case_id = await accepted_case(county)
    path = f"/api/staff/cases/{case_id}/reassignments"
    steps = await CaseTimelineEntry.filter(case_id=case_id).count()
    outside = await county.call(
        "POST", path, "ha", {"department_code": "DEPT-C", "reason": "x"}, 409
    )
    assert outside["code"] == "department_not_allowed"
    same = await county.call("POST", path, "ha", {"department_code": "DEPT-A", "reason": "x"}, 422)
    assert same["code"] == "same_department"
    missing = await county.call("POST", path, "ha", {"department_code": "NOPE", "reason": "x"}, 404)
    assert missing["code"] == "department_not_found"
    # Another department does not learn the case exists.
    await county.call("POST", path, "hb", {"department_code": "DEPT-B", "reason": "x"}, 404)
    await county.call("POST", path, "ha", {"department_code": "DEPT-B", "reason": " "}, 422)
    case = await Case.get(id=case_id)
    assert case.department_id == (await county.department("DEPT-A")).id
    assert await CaseTimelineEntry.filter(case_id=case_id).count() == steps
    assert not await Reassignment.exists() and not await outbox("case_reassigned")


async def test_a_ticket_goes_to_another_department_which_is_alerted(
    county: County, login_citizen
) -> None:
    headers = await login_citizen("o-complainer")
    ticket = await (
        await county.client.post(
            "/api/tickets", headers=headers,
            json={"column": "complaint", "title": "办事难", "content": "窗口推诿"},
        )
    ).json()  # fmt: skip
    await county.call(
        "POST", f"/api/tickets/{ticket['id']}/screening", "sup",
        {"accept": True, "department_id": (await county.department("DEPT-A")).id},
    )  # fmt: skip
    path = f"/api/staff/tickets/{ticket['id']}/reassignments"
    same = await county.call("POST", path, "ha", {"department_code": "DEPT-A", "reason": "x"}, 422)
    assert same["code"] == "same_department"
    await county.call("POST", path, "ha", {"department_code": "NOPE", "reason": "x"}, 404)
    await county.call("POST", path, "hb", {"department_code": "DEPT-C", "reason": "x"}, 404)
    out = await county.call(
        "POST", path, "ha", {"department_code": "DEPT-B", "reason": "属社保职责"}
    )
    assert out["subject_type"] == "ticket" and out["to_department"]["code"] == "DEPT-B"
    [alert] = await outbox("ticket_reassigned")
    assert alert.recipient_id == (await county.department("DEPT-B")).id
    listed = await county.call("GET", "/api/staff/tickets", "hb")
    assert [t["id"] for t in listed["items"]] == [ticket["id"]]
    assert (await county.call("GET", "/api/staff/tickets", "ha"))["items"] == []
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket["id"])
    assert deadline.department_id == (await county.department("DEPT-B")).id
