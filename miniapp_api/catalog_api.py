"""The service catalog: listItems, searchItems, getItem (public); upsertItem,
changeItemStatus (staff)."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import CATALOG_SEARCH
from core.errors import NotFound
from miniapp_api.catalog_schemas import (
    DepartmentRef,
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
from models.catalog import ItemStatus, ServiceItem
from models.people import StaffRole
from workflows.authz import Principal
from workflows.catalog.items import change_item_status, upsert_item

table = OperationTable()
# What citizens may see: a suspended item still shows its guide, marked suspended.
VISIBLE = (ItemStatus.PUBLISHED, ItemStatus.SUSPENDED)


@table.operation(
    "GET",
    "/api/items",
    operation_id="listItems",
    tags=("catalog",),
    audience="public",
    summary="Published items, by department and theme",
    query=ListItemsQuery,
    response=ItemPage,
    errors=(422,),
)
async def list_items(request: web.Request, query: ListItemsQuery) -> ItemPage:
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


@table.operation(
    "GET",
    "/api/items/search",
    operation_id="searchItems",
    tags=("catalog",),
    audience="public",
    summary="Search published items in Chinese (word segmentation, ranked)",
    query=SearchQuery,
    response=ItemPage,
    errors=(422,),
)
async def search_items(request: web.Request, query: SearchQuery) -> ItemPage:
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


@table.operation(
    "GET",
    "/api/items/{code}",
    operation_id="getItem",
    tags=("catalog",),
    audience="public",
    summary="An item with its full guide",
    path_params=ItemCodeParams,
    response=ItemOut,
    errors=(404, 422),
)
async def get_item(request: web.Request, params: ItemCodeParams) -> ItemOut:
    # One query with a join: this is the most read page of the mini-app.
    item = await ServiceItem.get_or_none(code=params.code, status__in=VISIBLE).select_related(
        "department"
    )
    if item is None:
        raise NotFound("no such item", code="item_not_found")
    return ItemOut.of(item)


@table.operation(
    "PUT",
    "/api/staff/items/{code}",
    operation_id="upsertItem",
    tags=("catalog",),
    audience="staff",
    roles=(StaffRole.HANDLER, StaffRole.ADMIN),
    summary="Create a draft item or edit one (a new version); handlers: own department only",
    path_params=ItemCodeParams,
    body=ItemIn,
    response=ItemOut,
    errors=(401, 403, 409, 422),
)
async def upsert(
    request: web.Request, principal: Principal, params: ItemCodeParams, body: ItemIn
) -> ItemOut:
    fields = body.model_dump(mode="json", exclude={"department_code"})
    item, _ = await upsert_item(principal, params.code, body.department_code, fields)
    request.app[CATALOG_SEARCH].invalidate()
    await item.fetch_related("department")
    return ItemOut.of(item)


@table.operation(
    "POST",
    "/api/staff/items/{code}/status",
    operation_id="changeItemStatus",
    tags=("catalog",),
    audience="staff",
    roles=(StaffRole.SUPERVISOR, StaffRole.ADMIN),
    summary="Publish, suspend, resume or terminate an item (review, seed 002 art. 12)",
    path_params=ItemCodeParams,
    body=StatusChangeIn,
    response=ItemOut,
    errors=(401, 403, 404, 409, 422),
)
async def change_status(
    request: web.Request, principal: Principal, params: ItemCodeParams, body: StatusChangeIn
) -> ItemOut:
    item = await change_item_status(principal, params.code, body.status, body.note)
    request.app[CATALOG_SEARCH].invalidate()
    await item.fetch_related("department")
    return ItemOut.of(item)


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
