"""转办 with `[routing] reassign_clock = "restart"`: the new department's full limit."""

from __future__ import annotations

import pytest

from models.cases import Case
from models.supervision import Deadline
from tests.routing.conftest import Clock, County, at
from tests.routing.test_reassign import accepted_case, allow


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {"MINIAPP_ROUTING_REASSIGN_CLOCK": "restart"}


async def test_with_restart_the_new_department_gets_the_full_limit_from_the_reassignment(
    county: County, frozen_clock: Clock
) -> None:
    await allow(county, "DEPT-C")
    case_id = await accepted_case(county)
    before = (await Case.get(id=case_id)).due_at
    frozen_clock.set(at("2025-04-09 10:00"))
    out = await county.call(
        "POST", f"/api/staff/cases/{case_id}/reassignments", "ha",
        {"department_code": "DEPT-C", "reason": "职责调整"},
    )  # fmt: skip
    assert out["clock"] == "restart"
    case = await Case.get(id=case_id)
    assert before is not None and case.due_at is not None and case.due_at > before
    deadline = await Deadline.get(subject_type="case", subject_id=case_id)
    assert deadline.due_at == case.due_at
    assert deadline.department_id == (await county.department("DEPT-C")).id
