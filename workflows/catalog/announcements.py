"""Announcing a suspended or terminated item (seed 002 art. 13: "及时发布公告").

The announcement is public (listAnnouncements); citizens with a booking still to come or a case
still open for the item are told directly, in the mini-program or else by SMS.
"""

from __future__ import annotations

from datetime import datetime

from models.booking import Booking, BookingStatus
from models.cases import Case
from models.catalog import ItemStatus, ServiceItem
from models.catalog_review import Announcement
from workflows.cases.machine import FINAL
from workflows.outbox import enqueue, notice_key, to_citizen

ANNOUNCED = {
    ItemStatus.SUSPENDED: ("item_suspended", "暂停办理"),
    ItemStatus.TERMINATED: ("item_terminated", "终止办理"),
}


async def announce_status(
    published_by_id: int | None, item: ServiceItem, status: ItemStatus, reason: str, now: datetime
) -> Announcement | None:
    """Inside the transaction that changed the item's status. `published_by_id`: the staff
    member who changed it, or None when the provincial catalog withdrew the item."""
    if status not in ANNOUNCED:
        return None
    kind, words = ANNOUNCED[status]
    announcement = await Announcement.create(
        item=item,
        kind=kind,
        title=f"关于“{item.name}”{words}的公告",
        body=f"“{item.name}”（{item.code}）自即日起{words}。原因：{reason}",
        published_at=now,
        published_by_id=published_by_id,
    )
    booked = await Booking.filter(
        item_id=item.id, status=BookingStatus.BOOKED, starts_at__gt=now
    ).values_list("citizen_id", flat=True)
    applied = (
        await Case.filter(item_id=item.id, citizen_id__isnull=False)
        .exclude(status__in=list(FINAL))
        .values_list("citizen_id", flat=True)
    )
    data = {"item": item.name, "code": item.code, "reason": reason, "kind": kind}
    await enqueue(
        to_citizen(
            notice_key("announcement", announcement.id, "citizen", citizen_id),
            citizen_id,
            "item_suspended",
            data,
            subject_type="announcement",
            subject_id=announcement.id,
        )
        for citizen_id in sorted({*booked, *applied})
    )
    return announcement


async def list_announcements(limit: int, offset: int) -> tuple[list[Announcement], int]:
    query = Announcement.all()
    total = await query.count()
    rows = await query.order_by("-published_at", "-id").offset(offset).limit(limit)
    return list(rows), total
