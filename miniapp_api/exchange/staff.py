"""Staff implementing the province's item changes (seed 002 art. 10)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import CATALOG_VERSION
from miniapp_api.exchange.schemas import DraftIdParams, ItemDraftList, ItemDraftOut
from miniapp_api.operations import OperationTable
from models.exchange import DraftState, ItemDraft
from models.people import StaffRole
from workflows.authz import Principal
from workflows.exchange.catalog_sync import apply_draft

table = OperationTable(
    tags=("exchange",),
    audience="staff",
    roles=(StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN),
)


def _view(draft: ItemDraft) -> ItemDraftOut:
    return ItemDraftOut(
        id=draft.id,
        item_id=draft.item_id,  # type: ignore[attr-defined]
        item_code=draft.item.code,
        provincial_version=draft.provincial_version,
        state=draft.state,
        source=draft.source,
        received_at=draft.received_at,
        due_at=draft.due_at,
        applied_at=draft.applied_at,
        changes=dict(draft.changes),
    )


@table.get("/api/staff/exchange/item-drafts", "listProvinceItemDrafts")
async def list_drafts(principal: Principal) -> ItemDraftList:
    """Province-side item changes waiting to be implemented here (own department's; all for
    supervisors and admins)"""
    query = ItemDraft.filter(state=DraftState.PENDING)
    if not principal.sees_all_departments:
        query = query.filter(item__department_id=principal.department_id)
    drafts = await query.order_by("due_at", "id").limit(200).prefetch_related("item")
    return ItemDraftList(drafts=[_view(draft) for draft in drafts])


@table.post(
    "/api/staff/exchange/item-drafts/{draft_id}/apply",
    "applyProvinceItemDraft",
    roles=(StaffRole.HANDLER, StaffRole.ADMIN),
    errors=(404, 409),
)
async def apply(
    request: web.Request, principal: Principal, params: DraftIdParams, now: datetime
) -> ItemDraftOut:
    """Implement a province-side change: the item gets the province's fields as a new version"""
    draft = await apply_draft(principal, params.draft_id, now)
    await request.app[CATALOG_VERSION].changed()
    await draft.fetch_related("item")
    return _view(draft)
