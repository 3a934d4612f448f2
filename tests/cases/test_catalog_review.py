"""Catalog changes pass review (seed 002 arts. 10, 12, 13; seed 000 §二(一))."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.config import load_settings
from models.audit import AuditRecord
from models.catalog import ServiceItem, ServiceItemVersion
from models.outbox import OutboxMessage
from models.supervision import CardColour, Deadline, DeadlineState
from tests.cases.test_catalog_api import GUIDE
from workflows import clock
from workflows.calendar import WorkingCalendar
from workflows.supervision.cards import issue_cards

MakeStaff = Callable[..., Awaitable[dict[str, Any]]]
SUPERVISION = load_settings().supervision


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {"MINIAPP_CATALOG_SEARCH_REFRESH_SECONDS": "0"}


async def _published(client: TestClient, make_staff: MakeStaff) -> dict[str, Any]:
    staff = {
        "handler": await make_staff("handler-a", ["handler"], "DEPT-A"),
        "supervisor": await make_staff("sup", ["supervisor"], "DEPT-S"),
    }
    assert (
        await client.put("/api/staff/items/FOOD-1", json=GUIDE, headers=staff["handler"])
    ).status == 200
    published = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "published"}, headers=staff["supervisor"]
    )
    assert published.status == 200
    return staff


async def _json(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def test_an_edit_of_a_published_item_waits_for_review_and_approval_publishes_it(
    client: TestClient, make_staff: MakeStaff
) -> None:
    staff = await _published(client, make_staff)
    before = await _json(await client.get("/api/items/FOOD-1"))
    renamed = {**GUIDE, "name": "食品经营许可证（新）", "promised_limit_days": 5}
    edit = await _json(
        await client.put("/api/staff/items/FOOD-1", json=renamed, headers=staff["handler"])
    )
    assert edit["name"] == GUIDE["name"] and edit["pending_change_id"]
    # Citizens still see the published version, kept answer or not.
    for _ in range(2):
        seen = await _json(await client.get("/api/items/FOOD-1"))
        assert seen["name"] == GUIDE["name"] and seen["version"] == before["version"]
    stored = await ServiceItem.get(code="FOOD-1")
    assert stored.name == GUIDE["name"] and stored.promised_limit_days == 10

    pending = await _json(
        await client.get("/api/staff/item-changes?state=pending", headers=staff["supervisor"])
    )
    assert [c["id"] for c in pending["items"]] == [edit["pending_change_id"]]
    assert pending["items"][0]["proposed"]["name"] == "食品经营许可证（新）"
    path = f"/api/staff/item-changes/{edit['pending_change_id']}/decision"
    # The handler cannot approve their own change: review is the supervising office's.
    await _json(await client.post(path, json={"approve": True}, headers=staff["handler"]), 403)
    approved = await _json(
        await client.post(
            path, json={"approve": True, "reason": "符合清单"}, headers=staff["supervisor"]
        )
    )
    assert approved["state"] == "approved"
    now = await _json(await client.get("/api/items/FOOD-1"))  # the kept answer was dropped
    assert now["name"] == "食品经营许可证（新）" and now["version"] == before["version"] + 1
    assert now["promised_limit_days"] == 5
    found = await _json(await client.get("/api/items/search", params={"q": "食品"}))
    assert [i["name"] for i in found["items"]] == ["食品经营许可证（新）"]
    versions = await ServiceItemVersion.filter(item__code="FOOD-1").order_by("version")
    assert [v.change for v in versions] == ["created", "published", "edited"]
    assert await AuditRecord.exists(action="item.change_approved")
    assert await AuditRecord.exists(action="item.change_proposed")
    await _json(await client.post(path, json={"approve": True}, headers=staff["supervisor"]), 409)


async def test_a_rejection_needs_a_reason_leaves_the_item_and_tells_the_author(
    client: TestClient, make_staff: MakeStaff
) -> None:
    staff = await _published(client, make_staff)
    edit = await _json(
        await client.put(
            "/api/staff/items/FOOD-1", json={**GUIDE, "fees": "200元"}, headers=staff["handler"]
        )
    )
    path = f"/api/staff/item-changes/{edit['pending_change_id']}/decision"
    problem = await _json(
        await client.post(path, json={"approve": False}, headers=staff["supervisor"]), 422
    )
    assert problem["code"] == "reason_required"
    rejected = await _json(
        await client.post(
            path, json={"approve": False, "reason": "收费无依据"}, headers=staff["supervisor"]
        )
    )
    assert rejected["state"] == "rejected" and rejected["reason"] == "收费无依据"
    assert (await _json(await client.get("/api/items/FOOD-1")))["fees"] == "不收费"
    told = await OutboxMessage.get(template="item_change_decided")
    assert told.data["outcome"] == "rejected" and told.data["reason"] == "收费无依据"


async def test_a_newer_draft_supersedes_the_waiting_one(
    client: TestClient, make_staff: MakeStaff
) -> None:
    staff = await _published(client, make_staff)
    first = await _json(
        await client.put(
            "/api/staff/items/FOOD-1", json={**GUIDE, "notes": "一"}, headers=staff["handler"]
        )
    )
    second = await _json(
        await client.put(
            "/api/staff/items/FOOD-1", json={**GUIDE, "notes": "二"}, headers=staff["handler"]
        )
    )
    changes = await _json(await client.get("/api/staff/item-changes", headers=staff["handler"]))
    states = {c["id"]: c["state"] for c in changes["items"]}
    assert states == {
        first["pending_change_id"]: "superseded",
        second["pending_change_id"]: "pending",
    }


async def test_a_changed_list_gives_the_department_ten_working_days_carded_by_supervision(
    client: TestClient, make_staff: MakeStaff
) -> None:
    staff = await _published(client, make_staff)
    changed_at = clock.utc_now() - timedelta(days=2)
    ahead = {"department_code": "DEPT-A", "list_name": "x", "changed_at": "2999-01-01T00:00:00Z"}
    refused = await _json(
        await client.post("/api/staff/catalog-alignments", json=ahead, headers=staff["supervisor"]),
        422,
    )
    assert refused["code"] == "changed_at_out_of_range"
    recorded = await _json(
        await client.post(
            "/api/staff/catalog-alignments",
            json={
                "department_code": "DEPT-A",
                "list_name": "行政许可事项清单",
                "changed_at": changed_at.isoformat(),
            },
            headers=staff["supervisor"],
        ),
        201,
    )
    calendar = WorkingCalendar()
    assert datetime.fromisoformat(recorded["due_at"]) == calendar.due_at(changed_at, 10)
    deadline = await Deadline.get(subject_type="catalog_alignment", subject_id=recorded["id"])
    assert deadline.limit_working_days == 10
    assert deadline.due_at is not None
    cards = await issue_cards(calendar.due_at(deadline.due_at, 1), calendar, SUPERVISION)
    assert [c.colour for c in cards] == [CardColour.RED]
    assert cards[0].department_id == deadline.department_id
    listed = await _json(
        await client.get("/api/staff/catalog-alignments", headers=staff["handler"])
    )
    assert [a["id"] for a in listed["items"]] == [recorded["id"]]
    path = f"/api/staff/catalog-alignments/{recorded['id']}/completion"
    done = await _json(await client.post(path, json={"note": "已更新"}, headers=staff["handler"]))
    assert done["state"] == "done"
    assert (await Deadline.get(id=deadline.id)).state == DeadlineState.DONE
    await _json(await client.post(path, json={}, headers=staff["handler"]), 409)


async def test_suspension_is_announced_and_citizens_with_open_matters_are_told(
    client: TestClient, make_staff: MakeStaff, login_citizen: Callable[[str], Awaitable[dict]]
) -> None:
    staff = await _published(client, make_staff)
    applicant = await login_citizen("openid-applicant")
    await login_citizen("openid-bystander")
    application = {
        "item_code": "FOOD-1",
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "form": {},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
    }
    await _json(await client.post("/api/cases", json=application, headers=applicant), 201)
    assert (await _json(await client.get("/api/announcements")))["items"] == []
    await _json(
        await client.post(
            "/api/staff/items/FOOD-1/status",
            json={"status": "suspended", "note": "系统升级"},
            headers=staff["supervisor"],
        )
    )
    announced = await _json(await client.get("/api/announcements"))
    assert announced["total"] == 1
    assert announced["items"][0]["item_code"] == "FOOD-1"
    assert "系统升级" in announced["items"][0]["body"]
    told = await OutboxMessage.filter(template="item_suspended")
    assert len(told) == 1 and told[0].data["reason"] == "系统升级"
