"""End to end (issue 18): a "开办企业" bundle taken at a county hall's comprehensive window; one
member forwarded (转报) to the city, decided there and its result brought back down; the other run
in parallel (并联) by two county departments; one progress view, one result notice; and every
supervisor sees exactly their region's part of it along the way."""

from __future__ import annotations

from typing import Any

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from models.outbox import Channel, OutboxMessage, RecipientType
from models.people import Department
from models.routing import Bundle, BundleMember, BundleOrder
from tests.regions.conftest import MATERIAL, Tree, red_cards
from tests.regions.test_scoped_visibility import API_LISTS

WALK_IN = {
    "applicant_name": "张三丰",
    "applicant_phone": "13812345678",
    "applicant_id_number": "11010519491231002X",
    "form": {"company_name": "青山县示范有限公司"},
    "materials": [{"name": "申请书", "ref": "u/1"}, {"name": "营业执照副本", "ref": "u/2"}],
    "sms_consent": True,
}


async def _county_hall_with_a_bundle(tree: Tree) -> ServiceHall:
    """青山县: its hall (region: the county), a tax office and a police office for the parallel
    member, and the bundle: 企业设立登记 (forwardable to the city, from the tree) + 税务登记."""
    qs = tree.regions["qs"]
    for key, code, name in (
        ("qs_tax", "QS-SW", "税务 QSMARK"),
        ("qs_police", "QS-GA", "公安 QSMARK"),
    ):
        tree.departments[key] = await Department.create(
            code=code, name=name, region=qs.name, region_node=qs
        )
    tree.items["qs_tax"] = await ServiceItem.create(
        code="ITEM-QS-TAX",
        name="税务登记 QSMARK",
        item_type=ItemType.CONFIRMATION,
        department=tree.departments["qs_tax"],
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[*MATERIAL, {"name": "营业执照副本", "format": "复印件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )
    hall = await ServiceHall.create(
        code="QS-HALL", name="青山县政务服务中心 QSMARK", region=qs.name, address="人民路1号",
        department=tree.departments["qs_office"], region_node=qs,
    )  # fmt: skip
    await hall.items.add(tree.items["qs"], tree.items["qs_tax"])
    bundle = await Bundle.create(code="KAIBAN-QIYE", name="开办企业", order=BundleOrder.PARALLEL)
    for position, key in enumerate(("qs", "qs_tax"), start=1):
        await BundleMember.create(bundle=bundle, item=tree.items[key], position=position)
    await tree.staff("window", ["clerk"], "qs_office")
    await tree.staff("bs_clerk", ["clerk"], "bs_office")
    await tree.staff("tax_handler", ["handler"], "qs_tax")
    await tree.staff("police_handler", ["handler"], "qs_police")
    return hall


def _marks(text: str) -> set[str]:
    return {mark for mark in ("QSMARK", "BSMARK", "CITYMARK") if mark in text}


async def _lists_seen_by(tree: Tree, who: str) -> dict[str, set[str]]:
    seen = {}
    for name, path in API_LISTS.items():
        response = await tree.client.get(path, headers=tree.headers[who])
        assert response.status == 200, f"{path} as {who}: {await response.text()}"
        seen[name] = _marks((await response.read()).decode("utf-8-sig"))
    return seen


async def _step(tree: Tree, case_id: int, who: str, action: str) -> dict[str, Any]:
    return await tree.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", who, {"action": action}
    )


async def test_open_a_firm_at_one_window_across_county_and_city(tree: Tree) -> None:
    hall = await _county_hall_with_a_bundle(tree)

    # Posts: the county's clerk takes the county hall's comprehensive window; a clerk of the
    # other county cannot be given it.
    post = {"username": "window", "kind": "comprehensive_window"}
    posts = await tree.call("POST", f"/api/admin/halls/{hall.id}/posts", "admin", post)
    assert posts["posts"] == [{"username": "window", "kind": "comprehensive_window"}]
    refused = await tree.call(
        "POST", f"/api/admin/halls/{hall.id}/posts", "admin",
        {"username": "bs_clerk", "kind": "comprehensive_window"}, 422,
    )  # fmt: skip
    assert refused["code"] == "staff_outside_hall_region"

    # 一窗受理: one form, one set of materials; both members start (the bundle is parallel),
    # each dispatched to its back office.
    path = f"/api/staff/halls/{hall.id}/window/bundles/KAIBAN-QIYE/applications"
    started = (await tree.call("POST", path, "window", WALK_IN, 201))["application"]
    assert started["status"] == "in_progress"
    cases = {m["item_code"]: m["case"] for m in started["members"]}
    assert {c["department"]["code"] for c in cases.values()} == {"QS-SCJG", "QS-SW"}
    assert {c["channel"] for c in cases.values()} == {"window"}
    setup_id, tax_id = cases["ITEM-QS"]["id"], cases["ITEM-QS-TAX"]["id"]
    view_path = f"/api/bundle-applications/{started['id']}"

    # 转报: the county's market regulator accepts and forwards 设立登记 to the city.
    await _step(tree, setup_id, "qs_handler", "accept")
    targets = await tree.call("GET", f"/api/staff/cases/{setup_id}/forward-targets", "qs_handler")
    assert [d["code"] for d in targets["departments"]] == ["CITY-SCJG"]
    forwarded = await tree.call(
        "POST", f"/api/staff/cases/{setup_id}/forward", "qs_handler",
        {"to_department_id": tree.departments["city"].id, "reason": "需市级审批"},
    )  # fmt: skip
    assert forwarded["department"]["code"] == "CITY-SCJG"
    city_queue = await tree.call("GET", "/api/staff/cases", "city_handler")
    assert [c["id"] for c in city_queue["cases"]] == [setup_id]
    mine = await tree.call("GET", "/api/staff/forwarded-cases?open_only=true", "qs_handler")
    assert [f["case"]["id"] for f in mine["forwards"]] == [setup_id]

    # 并联: the tax office leads, the police office co-handles with its own limit.
    await _step(tree, tax_id, "tax_handler", "accept")
    body = {"co_departments": [{"department_code": "QS-GA", "limit_working_days": 3}]}
    parallel = await tree.call(
        "POST", f"/api/staff/cases/{tax_id}/parallel", "tax_handler", body, 201
    )
    [part] = parallel["parts"]
    await _step(tree, tax_id, "tax_handler", "start_review")
    early = await tree.call(
        "POST", f"/api/staff/cases/{tax_id}/transitions", "tax_handler",
        {"action": "approve"}, 409,
    )  # fmt: skip
    assert early["code"] == "parallel_parts_pending"

    # Both running, long overdue: supervision cards. Who sees what, mid-flight.
    await red_cards(tree)
    bs_sees = await _lists_seen_by(tree, "bs_sup")
    assert all("QSMARK" not in marks for marks in bs_sees.values()), bs_sees
    for case_id in (setup_id, tax_id):
        await tree.call("GET", f"/api/cases/{case_id}", "bs_sup", status=404)
    await tree.call("GET", view_path, "bs_sup", status=404)
    city_cards = await tree.call("GET", "/api/supervision/cards?limit=200", "city_sup")
    city_sees = await _lists_seen_by(tree, "city_sup")
    for name in ("listDepartmentCases", "listCards", "listForwardedCases"):
        assert "QSMARK" in city_sees[name], (name, city_sees[name])
    for case_id in (setup_id, tax_id):
        await tree.call("GET", f"/api/cases/{case_id}", "city_sup")
    city_view = await tree.call("GET", view_path, "city_sup")
    assert city_view["status"] == "in_progress"
    # Supervision follows the level that holds a case: the county supervisor has the cards of
    # the tax case and of the police office's part (every part is supervised), no longer the
    # forwarded case's, which the city holds — yet still reads that case.
    ids = {key: tree.departments[key].id for key in ("city", "qs_tax", "qs_police")}
    qs_cards = await tree.call("GET", "/api/supervision/cards?limit=200", "qs_sup")
    assert sorted(c["department_id"] for c in qs_cards["items"]) == sorted(
        [ids["qs_tax"], ids["qs_police"]]
    )
    assert sorted(c["department_id"] for c in city_cards["items"]) == sorted(ids.values())
    assert (await tree.call("GET", f"/api/cases/{setup_id}", "qs_sup"))["id"] == setup_id

    # The co-department answers; the lead decides.
    await tree.call(
        "POST", f"/api/staff/cases/{tax_id}/parallel/{part['id']}/opinion", "police_handler",
        {"opinion": "agree", "text": "已备案刻章"},
    )  # fmt: skip
    await _step(tree, tax_id, "tax_handler", "approve")
    halfway = await tree.call("GET", view_path, "window")
    assert halfway["status"] == "in_progress" and halfway["finished_at"] is None
    assert await OutboxMessage.filter(template="bundle_finished").count() == 0

    # The city decides; the result comes back down to the county.
    await _step(tree, setup_id, "city_handler", "start_review")
    await _step(tree, setup_id, "city_handler", "approve")
    back = await tree.call("GET", f"/api/cases/{setup_id}", "qs_handler")
    assert back["status"] == "approved" and back["department"]["code"] == "QS-SCJG"
    steps = [(s["action"], s["department"]) for s in back["timeline"]]
    assert ("forward", tree.departments["qs"].name) in steps
    assert ("approve", tree.departments["city"].name) in steps
    assert steps[-1] == ("forward_returned", tree.departments["city"].name)
    tax = await tree.call("GET", f"/api/cases/{tax_id}", "tax_handler")
    assert tax["status"] == "approved"
    assert [s["action"] for s in tax["timeline"]].count("approve") == 1
    done = await tree.call("GET", "/api/staff/forwarded-cases?open_only=true", "qs_handler")
    assert done["forwards"] == []

    # One progress view, finished; ONE result notice, by SMS to the walk-in who agreed to texts.
    view = await tree.call("GET", view_path, "window")
    assert view["status"] == "approved" and view["finished_at"] is not None
    assert [m["case"]["status"] for m in view["members"]] == ["approved", "approved"]
    [notice] = await OutboxMessage.filter(template="bundle_finished")
    assert notice.channel == Channel.SMS
    assert notice.recipient_type == RecipientType.CASE_APPLICANT
    assert notice.recipient_id in (setup_id, tax_id)
    # The window keeps seeing both cases it received, with their outcome.
    received = await tree.call("GET", "/api/staff/window/received", "window")
    assert received["total"] == 2
    assert {r["case"]["id"]: r["case"]["status"] for r in received["cases"]} == {
        setup_id: "approved",
        tax_id: "approved",
    }
    # The county, holding it again, hands out the city's result (统一窗口出件).
    delivered = await _step(tree, setup_id, "qs_handler", "deliver")
    assert delivered["status"] == "delivered"
    assert (await tree.call("GET", view_path, "window"))["status"] == "approved"
    # Afterwards too, the other county sees nothing of it; the city sees the finished bundle.
    bs_sees = await _lists_seen_by(tree, "bs_sup")
    assert all("QSMARK" not in marks for marks in bs_sees.values()), bs_sees
    await tree.call("GET", view_path, "bs_sup", status=404)
    assert (await tree.call("GET", view_path, "city_sup"))["status"] == "approved"
