"""Announcements about items, for everyone (e.g. an item the province withdrew)."""

from __future__ import annotations

from miniapp_api.exchange.schemas import AnnouncementList, AnnouncementOut
from miniapp_api.operations import OperationTable
from models.exchange import ItemAnnouncement

table = OperationTable(tags=("catalog",), audience="public")


@table.get("/api/item-announcements", "listItemAnnouncements")
async def list_announcements() -> AnnouncementList:
    """The latest announcements about service items (suspended because withdrawn, ...)"""
    query = ItemAnnouncement.all().order_by("-published_at", "-id").limit(50)
    rows = await query.prefetch_related("item")
    return AnnouncementList(
        announcements=[
            AnnouncementOut(
                item_code=row.item.code,
                item_name=row.item.name,
                kind=row.kind,
                text=row.text,
                published_at=row.published_at,
            )
            for row in rows
        ]
    )
