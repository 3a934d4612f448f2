"""一窗受理 (seed 003, seed 004 §二): the comprehensive window receives, pre-checks, gives the
receipt and the one correction notice, and dispatches to the back office (分类审批)."""

from __future__ import annotations

from models.cases import Case, CaseStatus
from models.routing import CaseRouting
from tests.routing.conftest import County, outbox, walk_in


def window_path(county: County, hall=None) -> str:
    return f"/api/staff/halls/{(hall or county.hall).id}/window/cases"


async def test_the_window_receives_any_covered_item_and_dispatches_it_to_its_department(
    county: County,
) -> None:
    receipt = await county.call("POST", window_path(county), "window", walk_in("ITEM-B"), 201)
    assert receipt["dispatched"] is True and receipt["correction_materials"] == []
    assert receipt["hall"]["code"] == "HALL-1" and receipt["lookup_secret"]
    case = receipt["case"]
    # 分类审批: the back office of the item, not the hall's department, handles it.
    assert case["department"]["code"] == "DEPT-B" and case["channel"] == "window"
    assert [s["action"] for s in case["timeline"]] == ["submit", "dispatch"]
    assert "测试县政务服务中心" in case["timeline"][1]["note"]
    [alert] = await outbox("case_dispatched")
    assert alert.recipient_id == (await county.department("DEPT-B")).id
    # The back office has it in its queue and accepts it.
    queue = await county.call("GET", "/api/staff/cases", "hb")
    assert [c["id"] for c in queue["cases"]] == [case["id"]]
    await county.call(
        "POST", f"/api/staff/cases/{case['id']}/transitions", "hb", {"action": "accept"}
    )
    # The clerk keeps seeing what they received, with its progress.
    mine = await county.call("GET", "/api/staff/window/received", "window")
    assert mine["total"] == 1
    [row] = mine["cases"]
    assert row["case"]["status"] == "accepted" and row["dispatched_at"] is not None
    assert row["on_behalf"] is False and row["hall"]["code"] == "HALL-1"
    assert (await county.call("GET", "/api/staff/window/received", "clerk"))["total"] == 0


async def test_the_one_correction_notice_holds_the_case_at_the_window_until_it_is_complete(
    county: County,
) -> None:
    body = walk_in("ITEM-A", missing_materials=["营业执照副本", "身份证复印件"])
    receipt = await county.call("POST", window_path(county), "window", body, 201)
    assert receipt["dispatched"] is False
    assert receipt["correction_materials"] == ["营业执照副本", "身份证复印件"]
    case_id = receipt["case"]["id"]
    assert receipt["case"]["status"] == "correction_needed"
    assert not await outbox("case_dispatched")
    # Not yet complete: it cannot be dispatched.
    refused = await county.call(
        "POST", f"/api/staff/window/cases/{case_id}/dispatch", "window", status=409
    )
    assert refused["code"] == "illegal_transition"
    # The applicant comes back; the window takes the materials and sends the case on.
    materials = [{"name": "营业执照副本", "ref": "u/2"}, {"name": "身份证复印件", "ref": "u/3"}]
    await county.call(
        "POST", f"/api/cases/{case_id}/correction", "window", {"materials": materials}
    )
    sent = await county.call("POST", f"/api/staff/window/cases/{case_id}/dispatch", "window")
    assert sent["status"] == "submitted"
    assert [s["action"] for s in sent["timeline"]][-1] == "dispatch"
    again = await county.call(
        "POST", f"/api/staff/window/cases/{case_id}/dispatch", "window", status=409
    )
    assert again["code"] == "already_dispatched"
    # 一次性告知: the back office cannot ask for more afterwards.
    asked = await county.call(
        "POST", f"/api/staff/cases/{case_id}/transitions", "ha",
        {"action": "request_correction", "missing_materials": ["申请书"]}, 409,
    )  # fmt: skip
    assert asked["code"] == "correction_already_requested"
    # Another hall's window does not reach it.
    await county.call(
        "POST", f"/api/staff/window/cases/{case_id}/dispatch", "far_window", status=404
    )


async def test_the_window_refuses_what_its_hall_does_not_cover_and_clerks_without_a_post(
    county: County,
) -> None:
    uncovered = await county.call("POST", window_path(county), "window", walk_in("ITEM-X"), 422)
    assert uncovered["code"] == "item_not_covered_by_hall"
    for who in ("clerk", "far_window", "agent"):
        refused = await county.call("POST", window_path(county), who, walk_in(), 403)
        assert refused["code"] == "not_window_clerk"
    # A handler is no clerk at all.
    assert (await county.call("POST", window_path(county), "ha", walk_in(), 403))[
        "code"
    ] == "role_required"
    missing = await county.client.post(
        "/api/staff/halls/999999/window/cases", json=walk_in(), headers=county.staff["window"]
    )
    assert missing.status == 404 and (await missing.json())["code"] == "hall_not_found"
    unknown = await county.call("POST", window_path(county), "window", walk_in("NOPE"), 404)
    assert unknown["code"] == "item_not_found"
    assert not await Case.exists() and not await CaseRouting.exists()
    assert not await outbox("case_dispatched")


async def test_a_suspended_item_on_the_hall_list_is_not_received(county: County) -> None:
    county.items["c"].status = "suspended"
    await county.items["c"].save()
    refused = await county.call("POST", window_path(county), "window", walk_in("ITEM-C"), 409)
    assert refused["code"] == "item_not_open"
    assert not await Case.filter(status=CaseStatus.SUBMITTED).exists()
