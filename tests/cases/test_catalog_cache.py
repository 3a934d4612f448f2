"""The catalog's kept answers: the same bytes as computed, ETag / If-None-Match → 304, and every
catalog change seen at once here and within a second on another server sharing the Redis."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.settings import Settings
from miniapp_api import resources
from miniapp_api.app import create_app
from miniapp_api.catalog.schemas import ItemOut
from models.catalog import ServiceItem
from tests.cases.conftest import make_item
from tests.cases.test_catalog_api import GUIDE
from tests.conftest import BACKEND
from workflows.catalog.halls import halls_serving

MakeStaff = Callable[..., Awaitable[dict[str, Any]]]
CATALOG_READS = (
    "/api/items/ITEM-A",
    "/api/items?department=DEPT-A",
    "/api/items/search?q=营业执照",
)


async def _published(client: TestClient, make_staff: MakeStaff) -> dict[str, Any]:
    """FOOD-1 created and published through the API, as staff do; returns the handler's headers."""
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-S")
    assert (await client.put("/api/staff/items/FOOD-1", json=GUIDE, headers=handler)).status == 200
    published = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "published"}, headers=supervisor
    )
    assert published.status == 200
    return {"handler": handler, "supervisor": supervisor}


async def _edit_and_approve(client: TestClient, staff: dict[str, Any], guide: dict) -> None:
    """A published item's edit is a draft until review approves it (seed 002 art. 12)."""
    edit = await client.put("/api/staff/items/FOOD-1", json=guide, headers=staff["handler"])
    assert edit.status == 200
    change_id = (await edit.json())["pending_change_id"]
    approved = await client.post(
        f"/api/staff/item-changes/{change_id}/decision",
        json={"approve": True},
        headers=staff["supervisor"],
    )
    assert approved.status == 200, await approved.text()


async def test_a_kept_answer_is_the_computed_one_with_an_etag(
    client: TestClient, items: dict[str, ServiceItem]
) -> None:
    for path in CATALOG_READS:
        first = await client.get(path)
        again = await client.get(path)
        assert first.status == again.status == 200, path
        assert await first.read() == await again.read(), path
        assert first.headers["ETag"] == again.headers["ETag"] and first.headers["ETag"][0] == '"'
        assert again.headers["Content-Type"] == "application/json; charset=utf-8"
        assert again.headers["X-Request-Id"] != first.headers["X-Request-Id"]
    item = await ServiceItem.get(code="ITEM-A").select_related("department")
    kept = await (await client.get("/api/items/ITEM-A")).json()
    assert kept == ItemOut.of(item, await halls_serving(item)).model_dump(mode="json")


async def test_if_none_match_with_the_current_tag_answers_304_without_a_body(
    client: TestClient, items: dict[str, ServiceItem]
) -> None:
    for path in CATALOG_READS:
        tag = (await client.get(path)).headers["ETag"]
        for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
            same = await client.get(path, headers={"If-None-Match": sent})
            assert same.status == 304, (path, sent)
            assert same.headers["ETag"] == tag and await same.read() == b""
        other = await client.get(path, headers={"If-None-Match": '"stale"'})
        assert other.status == 200 and other.headers["ETag"] == tag


async def test_errors_are_not_kept_and_carry_no_etag(
    client: TestClient, items: dict[str, ServiceItem]
) -> None:
    missing = await client.get("/api/items/NO-SUCH", headers={"If-None-Match": "*"})
    assert missing.status == 404 and "ETag" not in missing.headers
    await make_item("NO-SUCH", "新事项", "DEPT-A")
    # Found now, though it was missing a moment ago: nothing was kept of the 404.
    assert (await client.get("/api/items/NO-SUCH")).status == 200
    bad = await client.get("/api/items?limit=0")
    assert bad.status == 422 and "ETag" not in bad.headers


async def test_parameters_the_operation_does_not_read_get_the_kept_answer(
    client: TestClient, items: dict[str, ServiceItem]
) -> None:
    """`?junk=N` must not make every request a miss: the same kept answer, whatever else rides
    along, and a repeated parameter counts by its first value, as the handler reads it."""
    variants = {
        "/api/items/ITEM-A": ("?junk=1", "?junk=2&x=%E8%90%A5", "?q=社保"),
        "/api/items?department=DEPT-A": ("&junk=1", "&department=DEPT-B", "&Department=DEPT-B"),
        "/api/items/search?q=营业执照": ("&junk=1", "&q=社保", "&junk=1&junk=2"),
    }
    kept = {path: await client.get(path) for path in variants}
    # Changed behind the cache's back (no new catalog version): a computed answer shows it,
    # a kept one does not.
    await ServiceItem.filter(code="ITEM-A").update(name="营业执照注销登记")
    computed = await client.get("/api/items?department=DEPT-A&limit=5")
    assert "营业执照注销登记" in await computed.text()
    for path, extras in variants.items():
        for extra in extras:
            again = await client.get(path + extra)
            assert again.status == 200, path + extra
            assert await again.read() == await kept[path].read(), path + extra
            assert again.headers["ETag"] == kept[path].headers["ETag"], path + extra


async def test_an_edit_or_a_status_change_changes_every_answer_at_once(
    client: TestClient, make_staff: MakeStaff
) -> None:
    staff = await _published(client, make_staff)
    paths = ("/api/items/FOOD-1", "/api/items", "/api/items/search?q=食品")
    before = {path: await client.get(path) for path in paths}
    assert all(r.status == 200 for r in before.values())

    renamed = {**GUIDE, "name": "食品经营许可证变更"}
    await _edit_and_approve(client, staff, renamed)
    for path in paths:
        tag = before[path].headers["ETag"]
        now = await client.get(path, headers={"If-None-Match": tag})
        assert now.status == 200 and now.headers["ETag"] != tag, path
        assert "食品经营许可证变更" in await now.text(), path

    suspend = await client.post(
        "/api/staff/items/FOOD-1/status",
        json={"status": "suspended", "note": "整改"},
        headers=staff["supervisor"],
    )
    assert suspend.status == 200
    assert (await (await client.get("/api/items/FOOD-1")).json())["status"] == "suspended"
    assert (await (await client.get("/api/items")).json())["items"] == []
    assert (await (await client.get("/api/items/search?q=食品")).json())["items"] == []


async def _second_server(
    settings: Settings, aiohttp_client: Callable[..., Awaitable[TestClient]]
) -> TestClient:
    """Another server on the same database and Redis, with caches and a search index of its own.
    (It shares this process's database connections: tortoise opens them once per process.)"""
    app: web.Application = create_app(settings)
    app.cleanup_ctx.remove(resources.database_ctx)
    return await aiohttp_client(app)


@pytest.mark.skipif(BACKEND != "postgres", reason="servers share catalog changes through Redis")
async def test_an_edit_on_one_server_reaches_another_within_a_second(
    client: TestClient,
    make_staff: MakeStaff,
    settings: Settings,
    aiohttp_client: Callable[..., Awaitable[TestClient]],
) -> None:
    staff = await _published(client, make_staff)
    other = await _second_server(settings, aiohttp_client)
    paths = ("/api/items/FOOD-1", "/api/items", "/api/items/search?q=食品")
    for path in paths:
        assert "食品经营许可证核发" in await (await other.get(path)).text()

    renamed = {**GUIDE, "name": "食品经营许可证变更"}
    await _edit_and_approve(client, staff, renamed)
    changed_at = time.monotonic()
    waiting = set(paths)
    while waiting and time.monotonic() - changed_at < 1.0:
        for path in list(waiting):
            if "食品经营许可证变更" in await (await other.get(path)).text():
                waiting.discard(path)
        await asyncio.sleep(0.05)
    assert not waiting, f"still the old answer after a second: {sorted(waiting)}"
    body = json.loads(await (await other.get("/api/items/FOOD-1")).text())
    assert body["version"] == 3 and body["name"] == "食品经营许可证变更"
