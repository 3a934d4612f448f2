"""The catalog: drafts, review of status changes with versions, browsing and Chinese search."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.catalog import ServiceItem, ServiceItemVersion
from tests.cases.conftest import make_item


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    # Items below are written straight to the database, as another server would: check every time.
    return {"MINIAPP_CATALOG_SEARCH_REFRESH_SECONDS": "0"}


MakeStaff = Callable[..., Awaitable[dict[str, Any]]]
GUIDE = {
    "name": "食品经营许可证核发",
    "item_type": "行政许可",
    "department_code": "DEPT-A",
    "online_depth": "最多跑一次",
    "legal_limit_days": 20,
    "promised_limit_days": 10,
    "materials": [{"name": "申请书", "copies": 1}],
    "faq": [{"question": "需要多久？", "answer": "承诺10个工作日"}],
    "themes": ["开办企业"],
}


async def test_item_is_drafted_published_suspended_and_versioned(
    client: TestClient, make_staff: MakeStaff
) -> None:
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-S")
    created = await client.put("/api/staff/items/FOOD-1", json=GUIDE, headers=handler)
    assert created.status == 200, await created.text()
    assert (await created.json())["status"] == "draft"
    assert (await client.get("/api/items/FOOD-1")).status == 404  # drafts are not public

    refused = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "published"}, headers=handler
    )
    assert refused.status == 403
    published = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "published"}, headers=supervisor
    )
    assert (await published.json())["status"] == "published"
    guide = await (await client.get("/api/items/FOOD-1")).json()
    assert guide["materials"][0]["name"] == "申请书" and guide["department"]["code"] == "DEPT-A"
    found = await (await client.get("/api/items/search", params={"q": "食品"})).json()
    assert [i["code"] for i in found["items"]] == ["FOOD-1"]

    no_reason = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "suspended"}, headers=supervisor
    )
    assert no_reason.status == 422
    for status in ("terminated", "published"):
        last = await client.post(
            "/api/staff/items/FOOD-1/status",
            json={"status": status, "note": "法规废止"},
            headers=supervisor,
        )
    assert last.status == 409 and (await last.json())["code"] == "illegal_item_status_change"
    item = await ServiceItem.get(code="FOOD-1")
    versions = await ServiceItemVersion.filter(item=item).order_by("version")
    assert [(v.version, v.change) for v in versions] == [
        (1, "created"), (2, "published"), (3, "terminated"),
    ]  # fmt: skip
    assert await AuditRecord.filter(object_type="service_item").count() == 3


async def test_handler_edits_only_their_departments_items_and_the_guide_must_hold(
    client: TestClient, make_staff: MakeStaff
) -> None:
    handler = await make_staff("handler-b", ["handler"], "DEPT-B")
    await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await client.put("/api/staff/items/FOOD-1", json=GUIDE, headers=handler)
    assert other.status == 403
    own = {**GUIDE, "department_code": "DEPT-B", "promised_limit_days": 30}
    bad = await client.put("/api/staff/items/FOOD-2", json=own, headers=handler)
    assert bad.status == 422 and "promised_limit_days" in (await bad.json())["fields"]
    window = {**own, "promised_limit_days": 5, "online_depth": "窗口办理"}
    no_reason = await client.put("/api/staff/items/FOOD-2", json=window, headers=handler)
    assert "offline_reason" in (await no_reason.json())["fields"]
    assert not await ServiceItem.exists()


async def test_search_finds_chinese_words_and_ranks_names_first(client: TestClient) -> None:
    await make_item("ID-1", "居民身份证换领", "DEPT-A", themes=("户籍",))
    await make_item("BIZ-1", "营业执照变更登记", "DEPT-B", themes=("开办企业",))
    await make_item("BIZ-2", "个体工商户营业执照注销", "DEPT-B")
    await make_item("SOC-1", "社会保险参保登记", "DEPT-C", themes=("社保",))
    await make_item("OLD-1", "身份证旧业务", "DEPT-A", status="suspended")  # type: ignore[arg-type]

    async def codes(q: str, **params: str) -> list[str]:
        response = await client.get("/api/items/search", params={"q": q, **params})
        assert response.status == 200
        return [item["code"] for item in (await response.json())["items"]]

    assert await codes("身份证") == ["ID-1"]
    assert (await codes("营业执照 变更"))[0] == "BIZ-1"
    assert set(await codes("营业执照")) == {"BIZ-1", "BIZ-2"}
    assert await codes("社保") == ["SOC-1"]
    assert await codes("营业执照", department="DEPT-A") == []
    assert await codes("火星签证") == []
    assert (await client.get("/api/items/search", params={"q": ""})).status == 422


async def test_items_are_listed_by_department_and_theme(client: TestClient) -> None:
    await make_item("BIZ-1", "营业执照变更登记", "DEPT-B", themes=("开办企业",))
    await make_item("BIZ-2", "个体工商户营业执照注销", "DEPT-B")
    await make_item("SOC-1", "社会保险参保登记", "DEPT-C", themes=("社保",))
    by_department = await (await client.get("/api/items", params={"department": "DEPT-B"})).json()
    assert [i["code"] for i in by_department["items"]] == ["BIZ-1", "BIZ-2"]
    by_theme = await (await client.get("/api/items", params={"theme": "社保"})).json()
    assert [i["code"] for i in by_theme["items"]] == ["SOC-1"]


async def test_every_catalog_and_case_operation_is_documented(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    ids = {op["operationId"] for methods in document["paths"].values() for op in methods.values()}
    assert {
        "listItems", "searchItems", "getItem", "upsertItem", "changeItemStatus", "submitCase",
        "registerWalkInCase", "listMyCases", "getCase", "lookupProgress", "listDepartmentCases",
        "transitionCase", "resubmitCorrection",
    } <= ids  # fmt: skip
