"""一件事一次办 (seed 002 art. 19): one application, one form and one set of materials, fanned out
into the member items' cases, one progress view, one result notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from tortoise import connections

from models.cases import Case
from models.routing import Bundle, BundleApplication, BundleMember, BundleOrder
from tests.routing.conftest import County, outbox, walk_in

Login = Callable[[str], Awaitable[dict[str, Any]]]


async def make_bundle(county: County, code: str, order: BundleOrder, *items: str) -> Bundle:
    bundle = await Bundle.create(code=code, name=f"一件事{code}", order=order)
    for n, key in enumerate(items, start=1):
        await BundleMember.create(bundle=bundle, item=county.items[key], position=n)
    return bundle


def bundle_body(**extra: Any) -> dict[str, Any]:
    body = walk_in(**extra)
    body.pop("item_code")
    body["materials"] = [
        {"name": "申请书", "ref": "u/1"},
        {"name": "营业执照副本", "ref": "u/2"},
    ]
    return body


async def decide(county: County, case_id: int, handler: str, action: str = "approve") -> None:
    path = f"/api/staff/cases/{case_id}/transitions"
    for step in ("accept", "start_review"):
        await county.call("POST", path, handler, {"action": step})
    body = {"action": action, **({"reason": "不符合条件"} if action == "deny" else {})}
    await county.call("POST", path, handler, body)


@pytest.fixture
async def citizen(login_citizen: Login, county: County) -> dict[str, Any]:
    return await login_citizen("o-founder")


async def apply(county: County, headers: dict[str, Any], code: str, status: int = 201) -> Any:
    response = await county.client.post(
        f"/api/bundles/{code}/applications", json=bundle_body(), headers=headers
    )
    assert response.status == status, await response.text()
    return await response.json()


async def test_a_parallel_bundle_starts_every_member_and_sends_one_result_notice(
    county: County, citizen: dict[str, Any]
) -> None:
    await make_bundle(county, "NEWBORN", BundleOrder.PARALLEL, "a", "b")
    listed = await (await county.client.get("/api/bundles")).json()
    assert [b["code"] for b in listed["bundles"]] == ["NEWBORN"]
    assert [i["code"] for i in listed["bundles"][0]["items"]] == ["ITEM-A", "ITEM-B"]
    started = await apply(county, citizen, "NEWBORN")
    progress = started["application"]
    assert progress["status"] == "in_progress" and progress["order"] == "parallel"
    assert [m["started"] for m in progress["members"]] == [True, True]
    assert len(started["lookup_secrets"]) == 2
    cases = {m["item_code"]: m["case"]["id"] for m in progress["members"]}
    assert (await Case.get(id=cases["ITEM-A"])).department_id == (
        await county.department("DEPT-A")
    ).id
    # One form, one set of materials: each case has what its guide lists.
    case_b = await Case.get(id=cases["ITEM-B"])
    assert case_b.form == {"reason": "新办"}
    mine = await (await county.client.get("/api/cases", headers=citizen)).json()
    assert mine["total"] == 2
    await decide(county, cases["ITEM-A"], "ha")
    path = f"/api/bundle-applications/{progress['id']}"
    assert (await (await county.client.get(path, headers=citizen)).json())["status"] == (
        "in_progress"
    )
    assert not await outbox("bundle_finished")
    await decide(county, cases["ITEM-B"], "hb")
    view = await (await county.client.get(path, headers=citizen)).json()
    assert view["status"] == "approved" and view["finished_at"] is not None
    [notice] = await outbox("bundle_finished")
    assert notice.recipient_id == (await BundleApplication.get(id=progress["id"])).citizen_id
    # Another citizen and a department outside it do not see the application.
    other = await county.client.get(path, headers=await _other_citizen(county))
    assert other.status == 404
    assert (await county.client.get(path, headers=county.staff["hb"])).status == 404


async def _other_citizen(county: County) -> dict[str, Any]:
    from core.appkeys import SESSIONS
    from models.people import Citizen

    stranger = await Citizen.create(openid="o-stranger")
    token, _ = await county.client.app[SESSIONS].issue("citizen", stranger.id)
    return {"Authorization": f"Bearer {token}"}


async def test_a_sequence_bundle_starts_the_next_member_when_the_previous_is_approved(
    county: County, citizen: dict[str, Any]
) -> None:
    await make_bundle(county, "OPEN-FIRM", BundleOrder.SEQUENCE, "a", "c")
    progress = (await apply(county, citizen, "OPEN-FIRM"))["application"]
    assert [m["started"] for m in progress["members"]] == [True, False]
    assert await Case.all().count() == 1
    await decide(county, progress["members"][0]["case"]["id"], "ha")
    path = f"/api/bundle-applications/{progress['id']}"
    view = await (await county.client.get(path, headers=citizen)).json()
    assert [m["started"] for m in view["members"]] == [True, True]
    second = view["members"][1]["case"]
    assert second["department"]["code"] == "DEPT-C" and second["status"] == "submitted"
    assert not await outbox("bundle_finished")
    await decide(county, second["id"], "hc")
    view = await (await county.client.get(path, headers=citizen)).json()
    assert view["status"] == "approved"
    assert len(await outbox("bundle_finished")) == 1


async def test_a_denied_member_ends_a_sequence_bundle_with_one_notice(
    county: County, citizen: dict[str, Any]
) -> None:
    await make_bundle(county, "OPEN-FIRM", BundleOrder.SEQUENCE, "a", "c")
    progress = (await apply(county, citizen, "OPEN-FIRM"))["application"]
    await decide(county, progress["members"][0]["case"]["id"], "ha", "deny")
    view = await (
        await county.client.get(f"/api/bundle-applications/{progress['id']}", headers=citizen)
    ).json()
    assert view["status"] == "not_approved"
    assert [m["started"] for m in view["members"]] == [True, False]
    [notice] = await outbox("bundle_finished")
    assert notice.data["outcome"] == "未全部办结"


async def test_a_bundle_with_a_suspended_member_takes_no_application(
    county: County, citizen: dict[str, Any]
) -> None:
    await make_bundle(county, "OPEN-FIRM", BundleOrder.PARALLEL, "a", "c")
    county.items["c"].status = "suspended"
    await county.items["c"].save()
    refused = await apply(county, citizen, "OPEN-FIRM", status=409)
    assert refused["code"] == "bundle_member_not_open"
    assert not await Case.exists() and not await BundleApplication.exists()
    missing = await apply(county, citizen, "NOPE", status=404)
    assert missing["code"] == "bundle_not_found"


async def test_materials_outside_every_member_guide_are_refused(
    county: County, citizen: dict[str, Any]
) -> None:
    await make_bundle(county, "NEWBORN", BundleOrder.PARALLEL, "a", "b")
    body = bundle_body()
    body["materials"].append({"name": "户口本", "ref": "u/9"})
    response = await county.client.post(
        "/api/bundles/NEWBORN/applications", json=body, headers=citizen
    )
    assert response.status == 409
    assert (await response.json())["code"] == "material_not_in_guide"
    assert not await Case.exists() and not await BundleApplication.exists()


async def test_the_window_takes_a_bundle_only_if_its_hall_covers_every_member(
    county: County,
) -> None:
    await make_bundle(county, "MIXED", BundleOrder.PARALLEL, "a", "uncovered")
    path = f"/api/staff/halls/{county.hall.id}/window/bundles/MIXED/applications"
    refused = await county.call("POST", path, "window", bundle_body(), 422)
    assert refused["code"] == "item_not_covered_by_hall"
    denied = await county.call("POST", path, "clerk", bundle_body(), 403)
    assert denied["code"] == "not_window_clerk"
    assert not await Case.exists() and not await BundleApplication.exists()


async def test_a_bundle_keeps_the_delivery_chosen_and_seals_the_applicant_in_the_database(
    county: County, citizen: dict[str, Any]
) -> None:
    """Found by the fuzzer: a bundle applied for with a delivery choice answered 500 (the saved
    application came back as a plain dict). The saved application names the applicant, so it is
    encrypted at rest like any personal field (issue 22)."""
    await make_bundle(county, "POSTED", BundleOrder.PARALLEL, "a", "b")
    delivery = {"method": "post", "address": "青山县城关镇幸福路 8 号", "recipient_name": "张三丰"}
    response = await county.client.post(
        "/api/bundles/POSTED/applications", json=bundle_body(delivery=delivery), headers=citizen
    )
    assert response.status == 201, await response.text()
    members = (await response.json())["application"]["members"]
    for member in members:
        shown = await county.client.get(f"/api/cases/{member['case']['id']}", headers=citizen)
        assert (await shown.json())["delivery"]["method"] == "post"
    raw = await connections.get("default").execute_query_dict(
        "SELECT application FROM bundle_application"
    )
    assert raw and all("13812345678" not in row["application"] for row in raw)
    assert all("幸福路" not in row["application"] for row in raw)
