"""转办 stays within the case's county: to a township's department below it, yes; to the other
county's or up to the city's (that is a 转报), 422 reassign_outside_region, nothing changed — even
when the item lists those departments as handlers."""

from __future__ import annotations

import pytest

from models.cases import Case, CaseTimelineEntry
from models.routing import Reassignment
from tests.regions.conftest import Tree


async def _case_with_handlers(tree: Tree) -> int:
    codes = ["QS-CG", "BS-SCJG", "CITY-ZWFW"]
    path = f"/api/admin/items/{tree.items['qs'].code}/handlers"
    await tree.call("PUT", path, "admin", {"department_codes": codes})
    return await tree.case("qs", "o-1", "accept")


def _body(code: str) -> dict[str, str]:
    return {"department_code": code, "reason": "属其他部门职责"}


async def test_a_case_goes_down_to_a_township_department_of_its_county(tree: Tree) -> None:
    case_id = await _case_with_handlers(tree)
    out = await tree.call(
        "POST", f"/api/staff/cases/{case_id}/reassignments", "qs_handler", _body("QS-CG")
    )
    assert out["to_department"]["code"] == "QS-CG"
    assert (await Case.get(id=case_id)).department_id == tree.departments["qs_town"].id  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", ["BS-SCJG", "CITY-ZWFW"])
async def test_a_case_is_not_reassigned_out_of_its_county(tree: Tree, code: str) -> None:
    case_id = await _case_with_handlers(tree)
    steps = await CaseTimelineEntry.filter(case_id=case_id).count()
    refused = await tree.call(
        "POST", f"/api/staff/cases/{case_id}/reassignments", "qs_handler", _body(code), 422
    )
    assert refused["code"] == "reassign_outside_region"
    assert (await Case.get(id=case_id)).department_id == tree.departments["qs"].id  # type: ignore[attr-defined]
    assert not await Reassignment.exists()
    assert await CaseTimelineEntry.filter(case_id=case_id).count() == steps
