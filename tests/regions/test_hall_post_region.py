"""A hall's posts (综合窗口, 代办员) go only to staff of the hall's region or below: a county hall
takes its county's and its townships' staff, never another county's or the city's; a township
centre not the county's. Refused: 422 staff_outside_hall_region, nothing changed."""

from __future__ import annotations

import pytest

from models.catalog import ServiceHall
from models.people import Department
from models.routing import HallPost
from tests.regions.conftest import Tree


async def _halls(tree: Tree) -> dict[str, ServiceHall]:
    halls = {}
    for key, region, department in (("county", "qs", "qs_office"), ("town", "qs_town", "qs_town")):
        halls[key] = await ServiceHall.create(
            code=f"HALL-{key.upper()}", name=f"大厅 {key}", region=tree.regions[region].name,
            address="-", department=tree.departments[department], region_node=tree.regions[region],
        )  # fmt: skip
    await tree.staff("qs_clerk", ["clerk"], "qs_office")
    await tree.staff("town_clerk", ["clerk"], "qs_town")
    await tree.staff("bs_clerk", ["clerk"], "bs_office")
    await tree.staff("city_clerk", ["clerk"], "city_office")
    tree.departments["nowhere"] = await Department.create(
        code="NOWHERE", name="未入区划", region="-"
    )
    await tree.staff("nowhere_clerk", ["clerk"], "nowhere")
    return halls


def _post(username: str, kind: str = "comprehensive_window", action: str = "add") -> dict:
    return {"username": username, "kind": kind, "action": action}


@pytest.mark.parametrize(
    ("hall", "username", "kind"),
    [
        ("county", "qs_clerk", "comprehensive_window"),
        ("county", "town_clerk", "agent"),  # below the county: within
        ("town", "town_clerk", "agent"),
    ],
)
async def test_staff_within_the_halls_region_get_the_post(
    tree: Tree, hall: str, username: str, kind: str
) -> None:
    halls = await _halls(tree)
    path = f"/api/admin/halls/{halls[hall].id}/posts"
    posts = await tree.call("POST", path, "admin", _post(username, kind))
    assert posts["posts"] == [{"username": username, "kind": kind}]


@pytest.mark.parametrize(
    ("hall", "username"),
    [
        ("county", "bs_clerk"),  # the other county
        ("county", "city_clerk"),  # above the hall
        ("town", "qs_clerk"),  # the county's clerk at a township centre
        ("county", "nowhere_clerk"),  # placed nowhere in the tree
    ],
)
async def test_staff_outside_the_halls_region_are_refused_and_nothing_changes(
    tree: Tree, hall: str, username: str
) -> None:
    halls = await _halls(tree)
    path = f"/api/admin/halls/{halls[hall].id}/posts"
    refused = await tree.call("POST", path, "admin", _post(username), 422)
    assert refused["code"] == "staff_outside_hall_region"
    assert (await tree.call("GET", path, "admin"))["posts"] == []
    assert await HallPost.all().count() == 0


async def test_the_accounts_own_region_counts_and_removal_is_never_refused(tree: Tree) -> None:
    halls = await _halls(tree)
    path = f"/api/admin/halls/{halls['county'].id}/posts"
    # A clerk of the other county's office, placed in this county (seconded): within.
    staff_id = await tree.staff_id("bs_clerk")
    placement = {"kind": "staff", "id": staff_id, "region_id": tree.regions["qs"].id}
    await tree.call("POST", "/api/admin/region-placements", "admin", placement)
    await tree.call("POST", path, "admin", _post("bs_clerk"))
    # Placed back home, the post can still be taken away.
    placement["region_id"] = tree.regions["bs"].id
    await tree.call("POST", "/api/admin/region-placements", "admin", placement)
    posts = await tree.call("POST", path, "admin", _post("bs_clerk", action="remove"))
    assert posts["posts"] == []
