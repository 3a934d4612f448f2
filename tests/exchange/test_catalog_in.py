"""Catalog in: keyed by provincial code and version; a change becomes a local draft with the
10-working-day card (seed 002 art. 10); local fields stay ours; withdrawn items are suspended."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from models.catalog_review import Announcement
from models.exchange import DraftState, ItemDraft, ProvinceItem
from models.outbox import OutboxMessage
from models.people import Department
from models.supervision import Deadline, DeadlineState
from tests.exchange.conftest import Sim, province_item, push
from worker.exchange_jobs import pull_catalog
from worker.resources import WorkerResources

PATH = "/api/exchange/items"


async def _implemented(client: TestClient, sim: Sim, make_staff: Any) -> ServiceItem:
    """An item we serve already: published, with our hall and local notes."""
    status, body = await push(sim, client, PATH, province_item())
    assert status == 200, body
    item = await ServiceItem.get(code="P-0001")
    item.status, item.notes, item.themes = ItemStatus.PUBLISHED, "本县窗口：二楼 3 号", ["开办企业"]
    await item.save()
    department = await Department.get(code="DEPT-A")
    hall = await ServiceHall.create(
        code="HALL-1", name="县政务服务中心", region="测试县", address="人民路 1 号",
        department=department,
    )  # fmt: skip
    await hall.items.add(item)
    staff = await make_staff("handler-a", ["handler"])
    response = await client.post(
        f"/api/staff/exchange/item-drafts/{body['draft_id']}/apply", headers=staff
    )
    assert response.status == 200, await response.text()
    return await ServiceItem.get(code="P-0001")


async def test_a_new_provincial_item_arrives_as_a_draft_with_its_deadline(
    client: TestClient, sim: Sim, calendar_now: Any = None
) -> None:
    status, body = await push(sim, client, PATH, province_item())
    assert status == 200 and body["outcome"] == "draft"
    item = await ServiceItem.get(code="P-0001")
    assert item.status == ItemStatus.DRAFT and item.name == "食品经营许可"
    assert (await item.department).code == "DEPT-A"  # PROV-A mapped by [exchange] config
    link = await ProvinceItem.get(item_id=item.id)
    assert link.version == 1
    draft = await ItemDraft.get(id=body["draft_id"])
    deadline = await Deadline.get(subject_type="item_draft", subject_id=draft.id)
    assert deadline.state == DeadlineState.RUNNING and deadline.limit_working_days == 10
    assert deadline.due_at == draft.due_at


async def test_a_province_change_is_a_draft_and_keeps_our_fields_when_applied(
    client: TestClient, sim: Sim, make_staff: Any
) -> None:
    item = await _implemented(client, sim, make_staff)
    changed = province_item(version=2, taskName="食品经营许可（新办）", promiseLimit=7)
    status, body = await push(sim, client, PATH, changed)
    assert status == 200 and body["outcome"] == "draft"
    unchanged = await ServiceItem.get(id=item.id)
    assert unchanged.name == "食品经营许可"  # nothing changes before it is implemented here
    staff = await make_staff("handler-b", ["handler"])
    listed = await client.get("/api/staff/exchange/item-drafts", headers=staff)
    assert [d["id"] for d in (await listed.json())["drafts"]] == [body["draft_id"]]
    response = await client.post(
        f"/api/staff/exchange/item-drafts/{body['draft_id']}/apply", headers=staff
    )
    assert response.status == 200, await response.text()
    after = await ServiceItem.get(id=item.id)
    assert (after.name, after.promised_limit_days) == ("食品经营许可（新办）", 7)
    assert after.notes == "本县窗口：二楼 3 号" and after.themes == ["开办企业"]
    assert after.status == ItemStatus.PUBLISHED
    assert [h.code for h in await after.halls.all()] == ["HALL-1"]
    assert after.version == item.version + 1
    deadline = await Deadline.get(subject_type="item_draft", subject_id=body["draft_id"])
    assert deadline.state == DeadlineState.DONE
    again = await client.post(
        f"/api/staff/exchange/item-drafts/{body['draft_id']}/apply", headers=staff
    )
    assert again.status == 409 and (await again.json())["code"] == "draft_not_pending"


async def test_the_same_version_again_changes_nothing(client: TestClient, sim: Sim) -> None:
    await push(sim, client, PATH, province_item())
    status, body = await push(sim, client, PATH, province_item())
    assert status == 200 and body["outcome"] == "unchanged"
    assert await ItemDraft.all().count() == 1


async def test_an_older_version_than_ours_is_refused(client: TestClient, sim: Sim) -> None:
    await push(sim, client, PATH, province_item(version=3))
    status, body = await push(sim, client, PATH, province_item(version=2, taskName="旧名"))
    assert (status, body["code"]) == (409, "stale_item_version")
    assert (await ProvinceItem.get(code="P-0001")).version == 3
    assert await ItemDraft.all().count() == 1
    audit = await AuditRecord.filter(action="exchange.refused").order_by("-id").first()
    assert audit is not None and audit.after["code"] == "stale_item_version"


async def test_an_item_for_a_department_we_do_not_have_is_refused(
    client: TestClient, sim: Sim
) -> None:
    status, body = await push(sim, client, PATH, province_item(deptCode="PROV-ELSEWHERE"))
    assert (status, body["code"]) == (404, "unknown_department")
    assert not await ServiceItem.exists(code="P-0001")
    assert await AuditRecord.filter(action="exchange.refused").count() == 1


async def test_withdrawing_an_unknown_code_is_refused(client: TestClient, sim: Sim) -> None:
    withdrawn = {"taskCode": "P-9999", "taskVersion": 2, "taskState": "withdrawn"}
    status, body = await push(sim, client, PATH, withdrawn)
    assert (status, body["code"]) == (404, "unknown_provincial_code")
    assert await AuditRecord.filter(action="exchange.refused").count() == 1


async def test_a_withdrawn_item_is_suspended_with_an_announcement(
    client: TestClient, sim: Sim, make_staff: Any
) -> None:
    item = await _implemented(client, sim, make_staff)
    withdrawn = {"taskCode": "P-0001", "taskVersion": 2, "taskState": "withdrawn",
                 "cancelReason": "并入“食品经营许可（综合）”"}  # fmt: skip
    status, body = await push(sim, client, PATH, withdrawn)
    assert status == 200 and body["outcome"] == "withdrawn"
    after = await ServiceItem.get(id=item.id)
    assert after.status == ItemStatus.SUSPENDED
    announcement = await Announcement.get(item_id=item.id)
    assert "暂停办理" in announcement.body and "综合" in announcement.body
    assert await OutboxMessage.exists(template="item_withdrawn")
    listed = await client.get("/api/announcements")
    assert listed.status == 200
    [shown] = (await listed.json())["items"]
    assert shown["item_code"] == "P-0001" and shown["kind"] == "item_suspended"


async def test_the_pull_job_takes_the_provincial_catalog(
    client: TestClient, sim: Sim, make_staff: Any
) -> None:
    sim.state.catalog["P-0001"] = province_item()
    sim.state.catalog["P-0002"] = province_item("P-0002", taskName="餐饮服务备案")
    sim.state.catalog["P-0003"] = province_item("P-0003", deptCode="PROV-ELSEWHERE")
    app = client.server.app
    import asyncio

    from core.appkeys import CALENDAR, KV, SETTINGS

    resources = WorkerResources(app[SETTINGS], app[KV], app[CALENDAR], asyncio.Event())
    assert await pull_catalog(resources) == 2
    assert await ItemDraft.filter(state=DraftState.PENDING).count() == 2
    assert await AuditRecord.filter(action="exchange.refused").count() == 1  # P-0003
    assert await pull_catalog(resources) == 0  # the same versions again: nothing new
