"""Who sees and moves which case; walk-ins; masking in every view."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import Case
from models.outbox import OutboxMessage
from tests.cases.conftest import application

Login = Callable[[str], Awaitable[dict[str, Any]]]
MakeStaff = Callable[..., Awaitable[dict[str, Any]]]
Apply = Callable[..., Awaitable[dict[str, Any]]]
Act = Callable[..., Awaitable[Any]]


async def test_a_citizen_cannot_read_another_citizens_case(
    client: TestClient, login_citizen: Login, apply: Apply
) -> None:
    owner, other = await login_citizen("openid-a"), await login_citizen("openid-b")
    case = (await apply(owner))["case"]
    theirs = await client.get(f"/api/cases/{case['id']}", headers=other)
    missing = await client.get("/api/cases/999999", headers=other)
    assert theirs.status == missing.status == 404
    assert await theirs.json() == await missing.json()
    assert (await (await client.get("/api/cases", headers=other)).json())["total"] == 0


async def test_a_handler_cannot_act_on_another_departments_case(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply, act: Act
) -> None:
    case = (await apply(await login_citizen("openid-a")))["case"]
    outsider = await make_staff("handler-b", ["handler"], "DEPT-B")
    assert (await act(outsider, case["id"], "accept")).status == 404
    assert (await client.get(f"/api/cases/{case['id']}", headers=outsider)).status == 404
    listed = await (await client.get("/api/staff/cases", headers=outsider)).json()
    assert listed["total"] == 0
    assert (await Case.get(id=case["id"])).status == "submitted"


async def test_supervisors_see_every_department_but_do_not_handle_cases(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply, act: Act
) -> None:
    citizen = await login_citizen("openid-a")
    await apply(citizen, "ITEM-A")
    case_b = (await apply(citizen, "ITEM-B"))["case"]
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-S")
    listed = await (await client.get("/api/staff/cases", headers=supervisor)).json()
    assert listed["total"] == 2
    department_b = (await Case.get(id=case_b["id"])).department_id  # type: ignore[attr-defined]
    only_b = await client.get(
        "/api/staff/cases", params={"department_id": department_b}, headers=supervisor
    )
    assert [c["id"] for c in (await only_b.json())["cases"]] == [case_b["id"]]
    assert (await client.get(f"/api/cases/{case_b['id']}", headers=supervisor)).status == 200
    response = await act(supervisor, case_b["id"], "accept")
    assert response.status == 403


async def test_clerks_pre_review_but_only_handlers_accept(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply, act: Act
) -> None:
    case = (await apply(await login_citizen("openid-a")))["case"]
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    assert (await act(clerk, case["id"], "pre_review")).status == 200
    refused = await act(clerk, case["id"], "accept")
    assert refused.status == 403 and (await refused.json())["code"] == "role_required"
    assert (await Case.get(id=case["id"])).status == "pre_review"


async def test_department_list_filters_by_status_and_due_date(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply, act: Act
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    first = (await apply(citizen))["case"]
    await apply(citizen)
    await act(handler, first["id"], "accept")
    accepted = await client.get("/api/staff/cases", params={"status": "accepted"}, headers=handler)
    body = await accepted.json()
    assert [c["id"] for c in body["cases"]] == [first["id"]]
    assert body["cases"][0]["applicant_name"] == "张**"
    soon = await client.get(
        "/api/staff/cases", params={"due_before": "2000-01-01T00:00:00Z"}, headers=handler
    )
    assert (await soon.json())["total"] == 0


async def test_views_mask_phone_and_id_number_for_citizens_and_staff(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply
) -> None:
    citizen = await login_citizen("openid-a")
    case = (await apply(citizen))["case"]
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    for headers in (citizen, handler):
        view = await (await client.get(f"/api/cases/{case['id']}", headers=headers)).json()
        assert view["applicant"] == {
            "name": "张**", "phone": "138****5678", "id_number": "1101**********002X",
        }  # fmt: skip
        assert "13812345678" not in str(view) and "11010519491231002X" not in str(view)


async def test_clerk_registers_a_walk_in_even_for_a_window_only_item(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply
) -> None:
    citizen = await login_citizen("openid-a")
    online = await client.post("/api/cases", json=application("ITEM-W"), headers=citizen)
    assert online.status == 409 and (await online.json())["code"] == "item_window_only"
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    response = await client.post("/api/staff/cases", json=application("ITEM-W"), headers=clerk)
    assert response.status == 201, await response.text()
    body = await response.json()
    assert body["case"]["channel"] == "window" and body["lookup_secret"]
    assert body["case"]["timeline"][0]["staff_name"] == "clerk-a"
    stored = await Case.get(id=body["case"]["id"])
    assert stored.citizen_id is None and stored.registered_by_id is not None  # type: ignore[attr-defined]
    # No WeChat user to notify: the applicant looks progress up by number instead.
    assert not await OutboxMessage.filter(subject_id=stored.id).exists()
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    assert (
        await client.post("/api/staff/cases", json=application(), headers=handler)
    ).status == 403


async def test_applications_name_only_materials_from_the_guide(
    client: TestClient, login_citizen: Login, items: Any
) -> None:
    citizen = await login_citizen("openid-a")
    body = application(materials=[{"name": "户口本", "ref": "u/1"}])
    response = await client.post("/api/cases", json=body, headers=citizen)
    assert response.status == 409 and "materials" in (await response.json())["fields"]
    assert not await Case.exists()


async def test_citizen_resubmits_the_listed_materials_over_http(
    client: TestClient, login_citizen: Login, make_staff: MakeStaff, apply: Apply, act: Act
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = (await apply(citizen))["case"]
    await act(handler, case["id"], "accept")
    asked = await act(handler, case["id"], "request_correction", missing_materials=["营业执照副本"])
    view = await asked.json()
    assert view["status"] == "correction_needed" and view["due_at"] is None
    assert view["correction_materials"] == ["营业执照副本"]
    response = await client.post(
        f"/api/cases/{case['id']}/correction",
        json={"materials": [{"name": "营业执照副本", "ref": "u/7"}]},
        headers=citizen,
    )
    assert response.status == 200, await response.text()
    resumed = await response.json()
    assert resumed["status"] == "accepted" and resumed["due_at"] is not None
    again = await client.post(
        f"/api/cases/{case['id']}/correction",
        json={"materials": [{"name": "营业执照副本", "ref": "u/7"}]},
        headers=citizen,
    )
    assert again.status == 409
