"""Every action from every status: legal moves succeed, the rest answer Conflict and change
nothing; correction pauses the clock and resubmission resumes it across a holiday."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient

from core.errors import Conflict, ValidationFailed
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.catalog import ServiceItem
from models.people import Citizen, StaffAccount, StaffRole
from models.supervision import DeadlineState
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.apply import Application, submit_case
from workflows.cases.machine import RULES, CaseAction
from workflows.cases.transitions import resubmit_correction, transition_case
from workflows.supervision import deadlines

CALENDAR = WorkingCalendar()
# Monday 28 September 2026, 10:00 in Beijing; National Day runs 1-7 October, Saturday 10
# October is an adjusted working day.
MONDAY = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
A = CaseAction
# A path of actions that leads to each status.
PATHS: dict[CaseStatus, list[CaseAction]] = {
    CaseStatus.SUBMITTED: [],
    CaseStatus.PRE_REVIEW: [A.PRE_REVIEW],
    CaseStatus.ACCEPTED: [A.ACCEPT],
    CaseStatus.NOT_ACCEPTED: [A.REFUSE],
    CaseStatus.CORRECTION_NEEDED: [A.REQUEST_CORRECTION],
    CaseStatus.UNDER_REVIEW: [A.ACCEPT, A.START_REVIEW],
    CaseStatus.APPROVED: [A.ACCEPT, A.START_REVIEW, A.APPROVE],
    CaseStatus.DENIED: [A.ACCEPT, A.START_REVIEW, A.DENY],
    CaseStatus.DELIVERED: [A.ACCEPT, A.START_REVIEW, A.APPROVE, A.DELIVER],
}


@pytest.fixture
async def people(client: TestClient, items: dict[str, ServiceItem]) -> tuple[Principal, Principal]:
    citizen = await Citizen.create(openid="o-1")
    item = items["a"]
    staff = await StaffAccount.create(
        username="h", name="办理员", department_id=item.department_id, roles=["handler"],
        password_hash="x",
    )  # fmt: skip
    return (
        Principal(kind="citizen", id=citizen.id),
        Principal(
            kind="staff",
            id=staff.id,
            department_id=staff.department_id,  # type: ignore[attr-defined]
            roles=frozenset({StaffRole.HANDLER}),
        ),
    )


async def _new_case(citizen: Principal, now: datetime = MONDAY) -> Case:
    case, _ = await submit_case(
        citizen, Application(item_code="ITEM-A", applicant_name="李四"), CALENDAR, now, 5
    )
    return case


async def _drive(handler: Principal, case: Case, path: list[CaseAction], now: datetime) -> None:
    for action in path:
        await transition_case(
            handler, case.id, action, CALENDAR, now, reason="理由", missing_materials=["申请书"]
        )


@pytest.mark.parametrize("status", list(PATHS))
async def test_each_action_is_legal_exactly_where_the_rules_allow(
    people: tuple[Principal, Principal], status: CaseStatus
) -> None:
    citizen, handler = people
    for action in CaseAction:
        case = await _new_case(citizen)
        await _drive(handler, case, PATHS[status], MONDAY)
        steps_before = await CaseTimelineEntry.filter(case_id=case.id).count()
        legal = status in RULES[action].sources
        try:
            await transition_case(
                handler, case.id, action, CALENDAR, MONDAY,
                reason="理由", missing_materials=["申请书"],
            )  # fmt: skip
        except Conflict as error:
            assert not legal, f"{action} from {status} should be legal"
            assert error.code == "illegal_transition"
            stored = await Case.get(id=case.id)
            assert stored.status == status
            assert await CaseTimelineEntry.filter(case_id=case.id).count() == steps_before
        else:
            assert legal, f"{action} from {status} should be refused"
            assert (await Case.get(id=case.id)).status == (RULES[action].target or status)


async def test_correction_pauses_the_clock_and_resubmission_resumes_it_across_the_holiday(
    people: tuple[Principal, Principal],
) -> None:
    citizen, handler = people
    case = await _new_case(citizen)
    await transition_case(handler, case.id, A.ACCEPT, CALENDAR, MONDAY)
    # 5 working days from Mon 28 Sep: 29, 30 Sep, 8, 9 Oct and the working Saturday 10 Oct.
    accepted = await deadlines.get("case", case.id)
    assert (
        accepted is not None
        and CALENDAR.local_date(accepted.due_at) == datetime(2026, 10, 10).date()
    )

    wednesday = MONDAY + timedelta(days=2)
    await transition_case(
        handler, case.id, A.REQUEST_CORRECTION, CALENDAR, wednesday,
        missing_materials=["营业执照副本", "身份证复印件"],
    )  # fmt: skip
    paused = await deadlines.get("case", case.id)
    stored = await Case.get(id=case.id)
    assert paused is not None and paused.state == DeadlineState.PAUSED and paused.due_at is None
    assert stored.paused_remaining_days == 3  # 8, 9 and 10 October were left

    back = datetime(2026, 10, 12, 1, 0, tzinfo=UTC)  # Monday after the holiday
    resumed_case = await resubmit_correction(
        citizen, case.id,
        [{"name": "营业执照副本", "ref": "u/2"}, {"name": "身份证复印件", "ref": "u/3"}],
        CALENDAR, back, 5,
    )  # fmt: skip
    resumed = await deadlines.get("case", case.id)
    assert resumed_case.status == CaseStatus.ACCEPTED
    assert resumed is not None and resumed.state == DeadlineState.RUNNING
    assert CALENDAR.local_date(resumed.due_at) == datetime(2026, 10, 15).date()
    assert resumed_case.due_at == resumed.due_at
    names = [m["name"] for m in resumed_case.materials]
    assert names == ["营业执照副本", "身份证复印件"]


async def test_correction_before_acceptance_restarts_the_acceptance_period(
    people: tuple[Principal, Principal],
) -> None:
    citizen, handler = people
    case = await _new_case(citizen)
    await transition_case(
        handler, case.id, A.REQUEST_CORRECTION, CALENDAR, MONDAY, missing_materials=["申请书"]
    )
    back = datetime(2026, 10, 12, 1, 0, tzinfo=UTC)
    resumed = await resubmit_correction(
        citizen, case.id, [{"name": "申请书", "ref": "u/9"}], CALENDAR, back, 5
    )
    assert resumed.status == CaseStatus.SUBMITTED
    # A full acceptance period from the complete materials: 13-16 and the 19th of October.
    assert resumed.due_at is not None
    assert CALENDAR.local_date(resumed.due_at) == datetime(2026, 10, 19).date()


async def test_missing_materials_are_listed_once_and_only_from_the_guide(
    people: tuple[Principal, Principal],
) -> None:
    citizen, handler = people
    case = await _new_case(citizen)
    # An empty list is malformed (422); a material the guide does not list conflicts with the
    # item's guide as it stands (409).
    for missing, error in (([], ValidationFailed), (["户口本"], Conflict)):
        with pytest.raises(error):
            await transition_case(
                handler, case.id, A.REQUEST_CORRECTION, CALENDAR, MONDAY, missing_materials=missing
            )
    await transition_case(
        handler, case.id, A.REQUEST_CORRECTION, CALENDAR, MONDAY, missing_materials=["申请书"]
    )
    with pytest.raises(Conflict):  # the notice listed it: it must come back
        await resubmit_correction(citizen, case.id, [{"name": "身份证复印件", "ref": "x"}],
                                  CALENDAR, MONDAY, 5)  # fmt: skip
    await resubmit_correction(
        citizen, case.id, [{"name": "申请书", "ref": "x"}], CALENDAR, MONDAY, 5
    )
    with pytest.raises(Conflict) as refused:
        await transition_case(
            handler, case.id, A.REQUEST_CORRECTION, CALENDAR, MONDAY, missing_materials=["申请书"]
        )
    assert refused.value.code == "correction_already_requested"


async def test_case_numbers_are_daily_sequences_and_unique_under_concurrency(
    people: tuple[Principal, Principal],
) -> None:
    citizen, _ = people
    cases = await asyncio.gather(*(_new_case(citizen) for _ in range(12)))
    numbers = sorted(case.case_no for case in cases)
    assert numbers == [f"20260928{n:05d}" for n in range(1, 13)]
    next_day = await _new_case(citizen, MONDAY + timedelta(days=1))
    assert next_day.case_no == "2026092900001"
