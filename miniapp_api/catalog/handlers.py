"""The service catalog: listItems, searchItems, getItem (public); upsertItem,
changeItemStatus (staff)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import CATALOG_SEARCH, CATALOG_VERSION
from core.errors import NotFound
from miniapp_api.answer_cache import CATALOG_ANSWERS
from miniapp_api.catalog.schemas import (
    ItemCodeParams,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemSummaryOut,
    ListItemsQuery,
    SearchQuery,
    StatusChangeIn,
)
from miniapp_api.operations import OperationTable
from miniapp_api.present import DepartmentRef
from models.catalog import ItemStatus, ServiceItem
from models.people import StaffRole
from workflows.authz import Principal
from workflows.catalog.drafts import save_item
from workflows.catalog.halls import halls_serving
from workflows.catalog.items import change_item_status

table = OperationTable(tags=("catalog",), audience="public")
# What citizens may see: a suspended item still shows its guide, marked suspended.
VISIBLE = (ItemStatus.PUBLISHED, ItemStatus.SUSPENDED)


@table.get("/api/items", "listItems", cache=CATALOG_ANSWERS)
async def list_items(request: web.Request, query: ListItemsQuery) -> ItemPage:
    """Published items, by department and theme"""
    rows = ServiceItem.filter(status=ItemStatus.PUBLISHED)
    if query.department:
        rows = rows.filter(department__code=query.department)
    if query.theme:
        rows = rows.filter(id__in=await request.app[CATALOG_SEARCH].with_theme(query.theme))
    total = await rows.count()
    page = (
        await rows.order_by("code")
        .offset(query.offset)
        .limit(query.limit)
        .prefetch_related("department")
    )
    return ItemPage(items=[_summary(item) for item in page], total=total)


@table.get("/api/items/search", "searchItems", cache=CATALOG_ANSWERS)
async def search_items(request: web.Request, query: SearchQuery) -> ItemPage:
    """Search published items in Chinese (word segmentation, ranked)"""
    found = await request.app[CATALOG_SEARCH].search(
        query.q, department_code=query.department, limit=query.limit
    )
    items = [
        ItemSummaryOut(
            id=s.id,
            code=s.code,
            name=s.name,
            department=DepartmentRef(code=s.department_code, name=s.department_name),
            online_depth=s.online_depth,
            promised_limit_days=s.promised_limit_days,
            themes=list(s.themes),
        )
        for s in found
    ]
    return ItemPage(items=items, total=len(items))


@table.get("/api/items/{code}", "getItem", errors=(404,), cache=CATALOG_ANSWERS)
async def get_item(params: ItemCodeParams) -> ItemOut:
    """An item with its full guide and the halls that serve it"""
    item = await ServiceItem.get_or_none(code=params.code, status__in=VISIBLE).select_related(
        "department"
    )
    if item is None:
        raise NotFound("no such item", code="item_not_found")
    return ItemOut.of(item, await halls_serving(item))


@table.put(
    "/api/staff/items/{code}",
    "upsertItem",
    audience="staff",
    roles=(StaffRole.HANDLER, StaffRole.ADMIN),
    errors=(404, 409),
)
async def upsert(
    request: web.Request, principal: Principal, params: ItemCodeParams, body: ItemIn, now: datetime
) -> ItemOut:
    """Create a draft item or edit one; a published item's edit waits for review (art. 12)"""
    fields = body.model_dump(mode="json", exclude={"department_code"})
    item, change = await save_item(principal, params.code, body.department_code, fields, now)
    if change is None:
        await request.app[CATALOG_VERSION].changed()  # every server drops its kept answers
    await item.fetch_related("department")
    out = ItemOut.of(item, await halls_serving(item))
    out.pending_change_id = change.id if change is not None else None
    return out


@table.post(
    "/api/staff/items/{code}/status",
    "changeItemStatus",
    audience="staff",
    roles=(StaffRole.SUPERVISOR, StaffRole.ADMIN),
    errors=(404, 409),
)
async def change_status(
    request: web.Request, principal: Principal, params: ItemCodeParams, body: StatusChangeIn
) -> ItemOut:
    """Publish, suspend, resume or terminate an item (review, seed 002 art. 12)"""
    item = await change_item_status(principal, params.code, body.status, body.note)
    await request.app[CATALOG_VERSION].changed()  # every server drops its kept answers
    await item.fetch_related("department")
    return ItemOut.of(item, await halls_serving(item))


def _summary(item: ServiceItem) -> ItemSummaryOut:
    return ItemSummaryOut(
        id=item.id,
        code=item.code,
        name=item.name,
        department=DepartmentRef(code=item.department.code, name=item.department.name),
        online_depth=item.online_depth,
        promised_limit_days=item.promised_limit_days,
        themes=list(item.themes),
    )
