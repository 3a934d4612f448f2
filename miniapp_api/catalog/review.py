"""Reviewed catalog changes (seed 002 arts. 10, 12, 13): listItemChanges, decideItemChange,
recordListChange, completeCatalogAlignment, listCatalogAlignments; listAnnouncements (public)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import CATALOG_VERSION
from core.settings import Settings
from miniapp_api.catalog.review_schemas import (
    AlignmentDoneIn,
    AlignmentIdParams,
    AlignmentOut,
    AlignmentPage,
    AlignmentQuery,
    AnnouncementOut,
    AnnouncementPage,
    ChangeDecisionIn,
    ChangeIdParams,
    ChangeQuery,
    ItemChangeOut,
    ItemChangePage,
    ListChangeIn,
    PageQuery,
)
from miniapp_api.operations import OperationTable
from models.catalog_review import CatalogAlignment, ItemChange
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.catalog import alignment, drafts
from workflows.catalog.announcements import list_announcements

REVIEWERS = (StaffRole.SUPERVISOR, StaffRole.ADMIN)
table = OperationTable(tags=("catalog",), audience="staff", roles=REVIEWERS)


def _change(change: ItemChange) -> ItemChangeOut:
    return ItemChangeOut(
        id=change.id,
        item_code=change.item.code,
        item_name=change.item.name,
        state=change.state,
        base_version=change.base_version,
        proposed=change.proposed,
        submitted_by_id=change.submitted_by_id,
        submitted_at=change.submitted_at,
        decided_by_id=change.decided_by_id,
        decided_at=change.decided_at,
        reason=change.reason,
    )


def _alignment(row: CatalogAlignment) -> AlignmentOut:
    return AlignmentOut(
        id=row.id,
        department_id=row.department_id,  # type: ignore[attr-defined]
        list_name=row.list_name,
        description=row.description,
        list_changed_at=row.list_changed_at,
        due_at=row.due_at,
        state=row.state,
        done_at=row.done_at,
        done_note=row.done_note,
    )


@table.get("/api/staff/item-changes", "listItemChanges", roles=(StaffRole.HANDLER, *REVIEWERS))
async def list_changes(principal: Principal, query: ChangeQuery) -> ItemChangePage:
    """Proposed item changes (handlers: their department's), newest first"""
    rows = await drafts.list_changes(principal, query.state, query.limit, query.offset)
    return ItemChangePage(items=[_change(row) for row in rows])


@table.post("/api/staff/item-changes/{change_id}/decision", "decideItemChange", errors=(404, 409))
async def decide(
    request: web.Request,
    principal: Principal,
    params: ChangeIdParams,
    body: ChangeDecisionIn,
    now: datetime,
) -> ItemChangeOut:
    """Approve (publish as a new version) or reject with a reason a proposed item change"""
    change, item = await drafts.decide_change(
        principal, params.change_id, body.approve, body.reason, now
    )
    if body.approve:
        await request.app[CATALOG_VERSION].changed()  # every server drops its kept answers
    change.item = item
    return _change(change)


@table.post("/api/staff/catalog-alignments", "recordListChange", status=201, errors=(404,))
async def record_list_change(
    principal: Principal,
    body: ListChangeIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> AlignmentOut:
    """Record that a list changed: the department brings the catalog in line within the limit"""
    row = await alignment.record_list_change(
        principal,
        body.department_code,
        body.list_name,
        body.description,
        body.changed_at or now,
        settings.catalog.alignment_days,
        calendar,
    )
    return _alignment(row)


@table.post(
    "/api/staff/catalog-alignments/{alignment_id}/completion",
    "completeCatalogAlignment",
    roles=(StaffRole.HANDLER, *REVIEWERS),
    errors=(404, 409),
)
async def complete(
    principal: Principal, params: AlignmentIdParams, body: AlignmentDoneIn, now: datetime
) -> AlignmentOut:
    """Report the catalog brought in line with the changed list"""
    return _alignment(
        await alignment.complete_alignment(principal, params.alignment_id, body.note, now)
    )


@table.get(
    "/api/staff/catalog-alignments",
    "listCatalogAlignments",
    roles=(StaffRole.HANDLER, *REVIEWERS),
)
async def list_alignments(principal: Principal, query: AlignmentQuery) -> AlignmentPage:
    """Changed lists and the catalog's limit to follow them (staff: their department's)"""
    rows = await alignment.list_alignments(principal, query.state, query.limit, query.offset)
    return AlignmentPage(items=[_alignment(row) for row in rows])


@table.get("/api/announcements", "listAnnouncements", audience="public")
async def announcements(query: PageQuery) -> AnnouncementPage:
    """Public notices about the catalog: suspended and terminated items (seed 002 art. 13)"""
    rows, total = await list_announcements(query.limit, query.offset)
    codes = {}
    for row in rows:
        if row.item_id is not None:  # type: ignore[attr-defined]
            await row.fetch_related("item")
            codes[row.id] = row.item.code
    return AnnouncementPage(
        items=[
            AnnouncementOut(
                id=row.id,
                item_code=codes.get(row.id),
                kind=row.kind,
                title=row.title,
                body=row.body,
                published_at=row.published_at,
            )
            for row in rows
        ],
        total=total,
    )
