"""The region tree: codes by level, subtree queries, and the admin operations that build it."""

from __future__ import annotations

import pytest

from core.errors import ValidationFailed
from devtools.seed_demo import seed_demo
from models.catalog import ServiceHall
from models.people import Department, StaffAccount
from models.regions import ItemForwardHandler, Region, RegionLevel
from tests.regions.conftest import Tree
from workflows.regions.scope import staff_scope
from workflows.regions.tree import (
    ancestor_codes,
    bounds,
    check_code,
    code_under,
    departments_under,
    is_within,
    level_of,
    parent_code,
)


def test_codes_cut_by_level() -> None:
    assert bounds("990101000000", RegionLevel.COUNTY) == ("990101000000", "990101999999")
    assert parent_code("990101001001", RegionLevel.VILLAGE) == "990101001000"
    assert parent_code("990000000000", RegionLevel.PROVINCE) is None
    assert ancestor_codes("990101001000", RegionLevel.TOWNSHIP) == [
        "990000000000",
        "990100000000",
        "990101000000",
    ]
    assert level_of("990101001001") == RegionLevel.VILLAGE
    assert level_of("990100000000") == RegionLevel.CITY
    assert code_under("990101001001", "990100000000", RegionLevel.CITY)
    assert not code_under("990102000000", "990101000000", RegionLevel.COUNTY)
    check_code("990101001001", RegionLevel.VILLAGE)
    for code, level in (
        ("990101000001", RegionLevel.VILLAGE),  # a village under no township
        ("990100000000", RegionLevel.COUNTY),  # nothing at the county's digits
        ("990101001000", RegionLevel.COUNTY),  # digits below the level
    ):
        with pytest.raises(ValidationFailed):
            check_code(code, level)


async def test_subtree_questions_are_answered_by_code(tree: Tree) -> None:
    r, d = tree.regions, tree.departments
    assert await is_within(r["qs_village"].id, r["qs"].id)
    assert await is_within(r["qs"].id, r["qs"].id)
    assert not await is_within(r["bs"].id, r["qs"].id)
    assert not await is_within(r["city"].id, r["qs"].id)
    assert not await is_within(999_999, r["qs"].id)
    assert set(await departments_under(r["qs"])) == {
        d["qs"].id,
        d["qs_office"].id,
        d["qs_town"].id,
    }
    assert set(await departments_under(r["city"])) == {dept.id for dept in d.values()}


async def test_an_admin_adds_regions_and_places_rows_in_them(tree: Tree) -> None:
    created = await tree.call(
        "POST",
        "/api/admin/regions",
        "admin",
        {"code": "990102002000", "name": "白水镇"},
        status=201,
    )
    assert created["parent_code"] == "990102000000"
    town = await Region.get(code="990102002000")
    assert town.parent_id == tree.regions["bs"].id  # type: ignore[attr-defined]
    # A county supervisor moved to the city reaches both counties from the next request on.
    sup = await StaffAccount.get(username="qs_sup")
    await tree.call(
        "POST",
        "/api/admin/region-placements",
        "admin",
        {"kind": "staff", "id": sup.id, "region_id": tree.regions["city"].id},
    )
    scope = await staff_scope(await StaffAccount.get(id=sup.id))
    assert scope.departments is not None and tree.departments["bs"].id in scope.departments
    cards = await tree.client.get(
        f"/api/staff/cases?department_id={tree.departments['bs'].id}",
        headers=tree.headers["qs_sup"],
    )
    assert cards.status == 200


REFUSED = {
    "not_twelve_digits": ({"code": "99010", "name": "x"}, 422, None),
    "letters": ({"code": "99010100000A", "name": "x"}, 422, None),
    "all_zeros": ({"code": "000000000000", "name": "x"}, 422, None),
    "a_zero_level_above_its_own": ({"code": "990001000000", "name": "x"}, 422, None),
    "parent_missing": ({"code": "990103001000", "name": "x"}, 409, "region_parent_missing"),
    "taken": ({"code": "990101000000", "name": "x"}, 409, "region_code_taken"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
async def test_a_bad_region_is_refused_and_nothing_is_added(tree: Tree, name: str) -> None:
    body, status, code = REFUSED[name]
    before = await Region.all().count()
    response = await tree.client.post(
        "/api/admin/regions", json=body, headers=tree.headers["admin"]
    )
    assert response.status == status, await response.text()
    if code:
        assert (await response.json())["code"] == code
    assert await Region.all().count() == before


async def test_only_admins_build_the_tree(tree: Tree) -> None:
    body = {"code": "990102002000", "name": "白水镇"}
    response = await tree.client.post(
        "/api/admin/regions", json=body, headers=tree.headers["city_sup"]
    )
    assert response.status == 403
    place = {"kind": "department", "id": tree.departments["qs"].id, "region_id": 1}
    response = await tree.client.post(
        "/api/admin/region-placements", json=place, headers=tree.headers["qs_sup"]
    )
    assert response.status == 403


async def test_placing_in_a_missing_region_or_a_missing_row_is_not_found(tree: Tree) -> None:
    for body in (
        {"kind": "department", "id": tree.departments["qs"].id, "region_id": 999_999},
        {"kind": "hall", "id": 999_999, "region_id": tree.regions["qs"].id},
    ):
        response = await tree.client.post(
            "/api/admin/region-placements", json=body, headers=tree.headers["admin"]
        )
        assert response.status == 404, await response.text()
    department = await Department.get(id=tree.departments["qs"].id)
    assert department.region_node_id == tree.regions["qs"].id  # type: ignore[attr-defined]


async def test_the_demo_has_a_city_with_two_counties_and_a_city_department_for_转报(
    client: object,
) -> None:
    created = await seed_demo(password="pw-123456")
    assert {"jiancha", "shi_jiancha", "bs_jiancha", "shi_scjg"} <= set(created)
    city = await Region.get(code="990100000000")
    counties = await Region.filter(parent_id=city.id).order_by("code")
    assert [c.name for c in counties] == ["青山县", "白水县"]
    for county in counties:
        towns = await Region.filter(parent_id=county.id)
        assert towns, county.name
        assert await Region.filter(parent_id__in=[t.id for t in towns]).exists(), county.name
    # Every demo row sits in the tree; each county and the city has its supervisor.
    assert not await Department.filter(region_node_id=None).exists()
    assert not await ServiceHall.filter(region_node_id=None).exists()
    assert await ServiceHall.filter(region_node__level=RegionLevel.VILLAGE).exists()
    qingshan = await staff_scope(await StaffAccount.get(username="jiancha"))
    baishui = await staff_scope(await StaffAccount.get(username="bs_jiancha"))
    whole = await staff_scope(await StaffAccount.get(username="shi_jiancha"))
    assert qingshan.departments and baishui.departments and whole.departments
    assert not qingshan.departments & baishui.departments
    assert qingshan.departments | baishui.departments < whole.departments
    handled = await ItemForwardHandler.filter(department__code="QC-SCJG").count()
    assert handled >= 1
    # Seeding again changes nothing.
    assert await seed_demo() == {}
