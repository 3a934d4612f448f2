"""End to end: a "开办企业" bundle applied for at a comprehensive window, one member run in
parallel by two departments, every member approved, one result notice."""

from __future__ import annotations

from models.cases import Case, CaseStatus
from models.outbox import Channel, RecipientType
from models.routing import BundleOrder
from tests.routing.conftest import County, outbox
from tests.routing.test_bundles import bundle_body, make_bundle


async def test_open_a_firm_through_one_window_with_a_parallel_member(county: County) -> None:
    await make_bundle(county, "KAIBAN-QIYE", BundleOrder.SEQUENCE, "a", "b")
    path = f"/api/staff/halls/{county.hall.id}/window/bundles/KAIBAN-QIYE/applications"
    started = await county.call("POST", path, "window", bundle_body(sms_consent=True), 201)
    progress = started["application"]
    assert progress["status"] == "in_progress"
    first = progress["members"][0]["case"]
    assert first["department"]["code"] == "DEPT-A" and first["channel"] == "window"
    assert [m["started"] for m in progress["members"]] == [True, False]
    [dispatched] = await outbox("case_dispatched")
    assert dispatched.recipient_id == (await county.department("DEPT-A")).id

    # The lead (DEPT-A) accepts and runs it in parallel with DEPT-C.
    case_path = f"/api/staff/cases/{first['id']}"
    await county.call("POST", f"{case_path}/transitions", "ha", {"action": "accept"})
    body = {"co_departments": [{"department_code": "DEPT-C", "limit_working_days": 3}]}
    parallel = await county.call("POST", f"{case_path}/parallel", "ha", body, 201)
    [part] = parallel["parts"]
    await county.call("POST", f"{case_path}/transitions", "ha", {"action": "start_review"})
    early = await county.call("POST", f"{case_path}/transitions", "ha", {"action": "approve"}, 409)
    assert early["code"] == "parallel_parts_pending"
    await county.call(
        "POST", f"{case_path}/parallel/{part['id']}/opinion", "hc",
        {"opinion": "agree", "text": "经营场所符合要求"},
    )  # fmt: skip
    await county.call("POST", f"{case_path}/transitions", "ha", {"action": "approve"})

    # In sequence: the next member starts at once, already dispatched to its back office.
    view = await county.call("GET", f"/api/bundle-applications/{progress['id']}", "window")
    second = view["members"][1]["case"]
    assert second is not None and second["department"]["code"] == "DEPT-B"
    assert len(await outbox("case_dispatched")) == 2
    second_path = f"/api/staff/cases/{second['id']}/transitions"
    for action in ("accept", "start_review", "approve"):
        await county.call("POST", second_path, "hb", {"action": action})

    view = await county.call("GET", f"/api/bundle-applications/{progress['id']}", "window")
    assert view["status"] == "approved" and view["finished_at"] is not None
    assert {c.status for c in await Case.all()} == {CaseStatus.APPROVED}
    # ONE result notice, by SMS to the walk-in applicant who agreed to texts at the window.
    [notice] = await outbox("bundle_finished")
    assert notice.channel == Channel.SMS and notice.recipient_type == RecipientType.CASE_APPLICANT
    assert notice.recipient_id == first["id"]
    # The window keeps seeing both cases it received, with their progress.
    received = await county.call("GET", "/api/staff/window/received", "window")
    assert {r["case"]["status"] for r in received["cases"]} == {"approved"}
    assert received["total"] == 2
