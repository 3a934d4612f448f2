"""Items published (事项) and the share that can be done online: a snapshot when generated.

Items carry no history of their online depth, so this section counts the catalog as it stands.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Count

from models.catalog import ItemStatus, OnlineDepth, ServiceItem
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, in_scope

KEYS = ("items_published", "items_online")


async def count(period: Period, departments: list[int] | None) -> Counts:
    rows = (
        await ServiceItem.filter(
            status=ItemStatus.PUBLISHED, **in_scope("department_id", departments)
        )
        .annotate(
            items_published=Count("id"),
            items_online=Count("id", _filter=~Q(online_depth=OnlineDepth.WINDOW_ONLY)),
        )
        .group_by("department_id")
        .values("department_id", *KEYS)
    )
    counts: Counts = {}
    add_rows(counts, rows, "department_id", KEYS)
    return counts


SECTION = Section(
    key="items",
    title="事项",
    columns=(
        Column("items_published", "已发布事项"),
        Column("items_online", "可网办事项"),
        Column("items_online_share", "可网办率", "items_online", "items_published"),
    ),
    count=count,
)
