"""并联 (seed 001 §三(三)1): a lead and co-departments, each with its own step and limit; the lead
decides only when all have answered; every part is supervised."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from models.cases import Case, CaseStatus
from models.routing import ParallelPart
from models.supervision import Deadline, SupervisionCard
from tests.routing.conftest import Clock, County, outbox, walk_in
from tests.routing.test_reassign import accepted_case
from workflows.supervision.cards import issue_cards


async def start(county: County, case_id: int, *specs: tuple[str, int], status: int = 201):
    body = {"co_departments": [{"department_code": c, "limit_working_days": d} for c, d in specs]}
    return await county.call("POST", f"/api/staff/cases/{case_id}/parallel", "ha", body, status)


async def test_the_lead_decides_only_after_every_co_department_answered(county: County) -> None:
    case_id = await accepted_case(county)
    view = await start(county, case_id, ("DEPT-B", 3), ("DEPT-C", 2))
    assert view["lead"]["code"] == "DEPT-A" and view["all_answered"] is False
    parts = {p["department"]["code"]: p for p in view["parts"]}
    assert parts["DEPT-B"]["limit_working_days"] == 3 and parts["DEPT-C"]["state"] == "pending"
    alerts = await outbox("case_parallel_requested")
    assert {a.recipient_id for a in alerts} == {
        (await county.department("DEPT-B")).id,
        (await county.department("DEPT-C")).id,
    }
    # Each co-department has it in its own queue.
    queue = await county.call("GET", "/api/staff/parallel-parts", "hb")
    assert [p["case"]["id"] for p in queue["parts"]] == [case_id]
    # ...and reads the application it gives its opinion on; it does not handle the case.
    assert (await county.call("GET", f"/api/cases/{case_id}", "hb"))["form"] == {"reason": "新办"}
    await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "hb", {"action": "start_review"}, 404
    )
    await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "ha", {"action": "start_review"}
    )
    early = await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "ha", {"action": "approve"}, 409
    )
    assert early["code"] == "parallel_parts_pending"
    opinion = f"/api/staff/cases/{case_id}/parallel/{parts['DEPT-B']['id']}/opinion"
    answered = await county.call(
        "POST", opinion, "hb", {"opinion": "agree", "text": "符合参保条件"}
    )
    assert answered["state"] == "answered" and answered["opinion"] == "agree"
    again = await county.call("POST", opinion, "hb", {"opinion": "disagree", "text": "x"}, 409)
    assert again["code"] == "part_already_answered"
    # Only the part's own department answers for it.
    other = f"/api/staff/cases/{case_id}/parallel/{parts['DEPT-C']['id']}/opinion"
    await county.call("POST", other, "hb", {"opinion": "agree", "text": "x"}, 404)
    still = await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "ha", {"action": "approve"}, 409
    )
    assert still["code"] == "parallel_parts_pending"
    await county.call("POST", other, "hc", {"opinion": "disagree", "text": "需补充检验报告"})
    view = await county.call("GET", f"/api/staff/cases/{case_id}/parallel", "hc")
    assert view["all_answered"] is True
    await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "ha", {"action": "approve"}
    )
    assert (await Case.get(id=case_id)).status == CaseStatus.APPROVED
    actions = [
        s["action"] for s in (await county.call("GET", f"/api/cases/{case_id}", "ha"))["timeline"]
    ]
    assert actions.count("parallel_opinion") == 2 and "parallel_start" in actions
    assert len(await outbox("case_parallel_answered")) == 2
    # Parts of decided opinions are no longer watched.
    states = await Deadline.filter(subject_type="case_part").values_list("state", flat=True)
    assert set(states) == {"done"}


async def test_every_co_department_part_is_carded_when_it_runs_late(
    county: County, app: web.Application, frozen_clock: Clock
) -> None:
    case_id = await accepted_case(county)
    await start(county, case_id, ("DEPT-B", 1))
    [part] = await ParallelPart.all()
    deadline = await Deadline.get(subject_type="case_part", subject_id=part.id)
    assert deadline.department_id == (await county.department("DEPT-B")).id
    assert deadline.limit_working_days == 1 and deadline.due_at == part.due_at
    calendar = await app[CALENDAR].current()
    cards = await issue_cards(part.due_at + timedelta(hours=1), calendar, app[SETTINGS].supervision)
    carded = [c for c in cards if c.deadline_id == deadline.id]
    assert carded and carded[0].department_id == (await county.department("DEPT-B")).id
    assert await SupervisionCard.filter(deadline_id=deadline.id, colour="red").exists()


async def test_parallel_refusals_change_nothing(county: County) -> None:
    case_id = await accepted_case(county)
    missing = await start(county, case_id, ("NOPE", 3), status=404)
    assert missing["code"] == "department_not_found"
    lead = await start(county, case_id, ("DEPT-B", 3), ("DEPT-A", 3), status=422)
    assert lead["code"] == "co_department_is_lead"
    twice = await start(county, case_id, ("DEPT-B", 3), ("DEPT-B", 2), status=422)
    assert twice["code"] == "duplicate_co_department"
    # Not the lead: another department learns nothing.
    body = {"co_departments": [{"department_code": "DEPT-C", "limit_working_days": 2}]}
    await county.call("POST", f"/api/staff/cases/{case_id}/parallel", "hb", body, 404)
    assert (
        not await ParallelPart.exists()
        and not await Deadline.filter(subject_type="case_part").exists()
    )
    await start(county, case_id, ("DEPT-B", 3))
    again = await start(county, case_id, ("DEPT-C", 3), status=409)
    assert again["code"] == "parallel_already_started"
    # A case not yet accepted does not run in parallel.
    fresh = await county.call(
        "POST", f"/api/staff/halls/{county.hall.id}/window/cases", "window",
        walk_in("ITEM-A"), 201,
    )  # fmt: skip
    early = await start(county, fresh["case"]["id"], ("DEPT-B", 3), status=409)
    assert early["code"] == "illegal_transition"
