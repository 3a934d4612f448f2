"""转报 (seed 004 §四(二)、§五(五) 向上转报件): a county case forwarded to the city, the city
decides, the result comes back down; supervision follows the level that holds it; refusals
change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from models.cases import Case, CaseTimelineEntry
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.outbox import OutboxMessage
from models.people import Department
from models.regions import CaseForward, ItemForwardHandler, Region, RegionLevel
from models.supervision import Deadline, SupervisionCard
from tests.regions.conftest import Tree, red_cards


async def _forward(tree: Tree, case_id: int, to: int, who: str = "qs_handler") -> Any:
    return await tree.client.post(
        f"/api/staff/cases/{case_id}/forward",
        json={"to_department_id": to, "reason": "需市级审批"},
        headers=tree.headers[who],
    )


async def test_a_forwarded_case_is_handled_above_and_its_result_comes_back_down(
    tree: Tree,
) -> None:
    case_id = await tree.case("qs", "o-1", "accept")
    city, county = tree.departments["city"], tree.departments["qs"]
    targets = await tree.call("GET", f"/api/staff/cases/{case_id}/forward-targets", "qs_handler")
    assert [d["code"] for d in targets["departments"]] == ["CITY-SCJG"]

    response = await _forward(tree, case_id, city.id)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["department"]["code"] == "CITY-SCJG"
    assert body["timeline"][-1]["action"] == "forward"
    assert body["timeline"][-1]["details"]["reason"] == "需市级审批"
    # The city is told; the deadline goes with the case.
    alerts = await OutboxMessage.filter(template="case_forwarded")
    assert {(a.recipient_type, a.recipient_id) for a in alerts} >= {
        ("department", city.id),
        ("staff", (await tree.staff_id("city_handler"))),
    }
    deadline = await Deadline.get(subject_type="case", subject_id=case_id)
    assert deadline.department_id == city.id  # type: ignore[attr-defined]

    # The county keeps seeing it and its progress; the city has it in its queue.
    assert (await tree.call("GET", f"/api/cases/{case_id}", "qs_handler"))["id"] == case_id
    mine = await tree.call("GET", "/api/staff/forwarded-cases?open_only=true", "qs_handler")
    assert [f["case"]["id"] for f in mine["forwards"]] == [case_id]
    assert mine["forwards"][0]["to_department"]["code"] == "CITY-SCJG"
    city_cases = await tree.call("GET", "/api/staff/cases", "city_handler")
    assert [c["id"] for c in city_cases["cases"]] == [case_id]
    county_cases = await tree.call("GET", "/api/staff/cases", "qs_handler")
    assert case_id not in [c["id"] for c in county_cases["cases"]]
    # The county can no longer act on it: the city holds it.
    refused = await tree.client.post(
        f"/api/staff/cases/{case_id}/transitions",
        json={"action": "start_review"},
        headers=tree.headers["qs_handler"],
    )
    assert refused.status == 404

    for action in ("start_review", "approve"):
        await tree.call(
            "POST", f"/api/staff/cases/{case_id}/transitions", "city_handler", {"action": action}
        )
    back = await tree.call("GET", f"/api/cases/{case_id}", "qs_handler")
    assert back["department"]["code"] == "QS-SCJG"
    assert back["status"] == "approved"
    actions = [(s["action"], s["department"]) for s in back["timeline"]]
    assert ("forward", county.name) in actions
    assert ("approve", city.name) in actions
    assert actions[-1] == ("forward_returned", city.name)
    forward = await CaseForward.get(case_id=case_id)
    assert forward.returned_at is not None and forward.result == "approved"
    told = await OutboxMessage.filter(template="case_forward_returned")
    assert ("department", county.id) in {(t.recipient_type, t.recipient_id) for t in told}
    # The county hands out the result (统一窗口出件).
    delivered = await tree.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "qs_handler", {"action": "deliver"}
    )
    assert delivered["status"] == "delivered"
    done = await tree.call("GET", "/api/staff/forwarded-cases?open_only=true", "qs_handler")
    assert done["forwards"] == []


async def test_supervision_follows_the_level_that_holds_the_case(tree: Tree) -> None:
    case_id = await tree.case("qs", "o-1", "accept")
    await red_cards(tree)
    card = await SupervisionCard.get(deadline__subject_id=case_id, cleared_at=None)
    assert card.department_id == tree.departments["qs"].id  # type: ignore[attr-defined]
    assert len((await tree.call("GET", "/api/supervision/cards", "qs_sup"))["items"]) == 1

    assert (await _forward(tree, case_id, tree.departments["city"].id)).status == 200
    await card.refresh_from_db()
    assert card.department_id == tree.departments["city"].id  # type: ignore[attr-defined]
    assert (await tree.call("GET", "/api/supervision/cards", "qs_sup"))["items"] == []
    city_cards = await tree.call(
        "GET", f"/api/supervision/cards?department_id={tree.departments['city'].id}", "city_sup"
    )
    assert [c["id"] for c in city_cards["items"]] == [card.id]
    # The county supervisor still reads the case its county forwarded.
    assert (await tree.call("GET", f"/api/cases/{case_id}", "qs_sup"))["id"] == case_id
    forwarded = await tree.call("GET", "/api/staff/forwarded-cases", "qs_sup")
    assert [f["case"]["id"] for f in forwarded["forwards"]] == [case_id]
    assert (await tree.call("GET", "/api/staff/forwarded-cases", "bs_sup"))["forwards"] == []


async def _province_case(tree: Tree) -> int:
    province = tree.regions["province"]
    department = await Department.create(
        code="PROV-SCJG", name="示范省市场监督管理局", region="示范省", region_node=province
    )
    await ServiceItem.create(
        code="ITEM-PROV",
        name="省级事项",
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )
    tree.items["prov"] = await ServiceItem.get(code="ITEM-PROV")
    tree.departments["prov"] = department
    await tree.staff("prov_handler", ["handler"], "prov")
    return await tree.case("prov", "o-prov", "accept")


REFUSALS = {
    # name: (target key or id, who, status, code)
    "same_level_other_county": ("bs", "qs_handler", 422, "forward_not_higher_level"),
    "own_department": ("qs", "qs_handler", 422, "forward_not_higher_level"),
    "lower_level": ("qs_town", "qs_handler", 422, "forward_not_higher_level"),
    "city_department_not_handling_the_item": (
        "city_office",
        "qs_handler",
        422,
        "forward_target_not_handling",
    ),
    "no_such_department": (None, "qs_handler", 404, "department_not_found"),
    "other_countys_handler": ("city", "bs_handler", 404, "not_found"),
    "a_supervisor": ("city", "qs_sup", 403, "role_required"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
async def test_a_refused_forward_changes_nothing(tree: Tree, name: str) -> None:
    target, who, status, code = REFUSALS[name]
    case_id = await tree.case("qs", "o-1", "accept")
    before = await Case.get(id=case_id)
    steps = await CaseTimelineEntry.filter(case_id=case_id).count()
    to = tree.departments[target].id if target else 999_999
    response = await _forward(tree, case_id, to, who)
    assert response.status == status, await response.text()
    assert (await response.json())["code"] == code
    after = await Case.get(id=case_id)
    assert after.department_id == before.department_id  # type: ignore[attr-defined]
    assert await CaseForward.filter(case_id=case_id).count() == 0
    assert await CaseTimelineEntry.filter(case_id=case_id).count() == steps


async def test_the_top_level_cannot_forward(tree: Tree) -> None:
    case_id = await _province_case(tree)
    response = await _forward(tree, case_id, tree.departments["city"].id, "prov_handler")
    assert response.status == 422
    assert (await response.json())["code"] == "forward_from_top_level"
    assert await CaseForward.filter(case_id=case_id).count() == 0
    targets = await tree.call("GET", f"/api/staff/cases/{case_id}/forward-targets", "prov_handler")
    assert targets["departments"] == []


async def test_a_decided_case_and_a_missing_reason_are_refused(tree: Tree) -> None:
    decided = await tree.case("qs", "o-1", "accept", "start_review", "approve")
    response = await _forward(tree, decided, tree.departments["city"].id)
    assert response.status == 409
    assert (await response.json())["code"] == "case_not_forwardable"
    running = await tree.case("qs", "o-2", "accept")
    blank = await tree.client.post(
        f"/api/staff/cases/{running}/forward",
        json={"to_department_id": tree.departments["city"].id, "reason": "  "},
        headers=tree.headers["qs_handler"],
    )
    assert blank.status == 422
    assert await CaseForward.all().count() == 0


async def test_a_department_outside_the_tree_cannot_forward(tree: Tree) -> None:
    await Department.filter(id=tree.departments["qs"].id).update(region_node_id=None)
    case_id = await tree.case("qs", "o-1", "accept")
    response = await _forward(tree, case_id, tree.departments["city"].id)
    assert response.status == 422
    assert (await response.json())["code"] == "forward_region_unset"


async def test_a_county_case_goes_up_two_levels_and_back_to_the_county(tree: Tree) -> None:
    province = await Department.create(
        code="PROV-SCJG",
        name="示范省市场监督管理局",
        region="示范省",
        region_node=await Region.get(level=RegionLevel.PROVINCE),
    )
    tree.departments["prov"] = province
    await ItemForwardHandler.create(item=tree.items["qs"], department=province)
    await tree.staff("prov_handler", ["handler"], "prov")
    case_id = await tree.case("qs", "o-1", "accept")
    assert (await _forward(tree, case_id, tree.departments["city"].id)).status == 200
    up = await _forward(tree, case_id, province.id, "city_handler")
    assert up.status == 200, await up.text()
    # Both lower levels follow it.
    for who in ("qs_handler", "city_handler"):
        assert (await tree.call("GET", f"/api/cases/{case_id}", who))["department"][
            "code"
        ] == "PROV-SCJG"
    for action in ("start_review", "approve"):
        await tree.call(
            "POST", f"/api/staff/cases/{case_id}/transitions", "prov_handler", {"action": action}
        )
    assert (await Case.get(id=case_id)).department_id == tree.departments["qs"].id  # type: ignore[attr-defined]
    assert await CaseForward.filter(case_id=case_id, returned_at=None).count() == 0
