"""Finding the service halls (服务大厅): where they are, when they open, which items each serves.

Public reading: a citizen needs a hall to book a slot, a clerk the hall they stand in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from tortoise.expressions import Subquery
from tortoise.query_utils import Prefetch

from core.errors import NotFound
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from workflows.booking.slots import WEEKDAYS, parse_periods


@dataclass(frozen=True)
class HallFilter:
    region: str | None = None
    item_code: str | None = None
    limit: int = 20
    offset: int = 0


def _with_served_items() -> list[Prefetch | str]:
    # Only what can be applied for or booked; a suspended or draft item is not "served".
    published = ServiceItem.filter(status=ItemStatus.PUBLISHED).order_by("code")
    return [Prefetch("items", queryset=published), "department"]


async def list_halls(query: HallFilter) -> tuple[list[ServiceHall], int]:
    rows = ServiceHall.all()
    if query.region:
        rows = rows.filter(region=query.region)
    if query.item_code:
        serving = ServiceHall.filter(
            items__code=query.item_code, items__status=ItemStatus.PUBLISHED
        )
        rows = rows.filter(id__in=Subquery(serving.values("id")))
    total = await rows.count()
    page = (
        await rows.order_by("code", "id")
        .offset(query.offset)
        .limit(query.limit)
        .prefetch_related(*_with_served_items())
    )
    return list(page), total


async def get_hall(hall_id: int) -> ServiceHall:
    hall = await ServiceHall.get_or_none(id=hall_id).prefetch_related(*_with_served_items())
    if hall is None:
        raise NotFound("no such service hall", code="hall_not_found")
    return hall


async def halls_serving(item: ServiceItem) -> list[ServiceHall]:
    return list(await item.halls.all().order_by("code", "id"))


def weekly_hours(hall: ServiceHall) -> list[tuple[str, list[tuple[time, time]]]]:
    """The days the hall opens, Monday first, with their periods (as booking reads them)."""
    hours = hall.opening_hours if isinstance(hall.opening_hours, dict) else {}
    days = [(day, parse_periods(hours.get(day), day)) for day in WEEKDAYS]
    return [(day, periods) for day, periods in days if periods]
