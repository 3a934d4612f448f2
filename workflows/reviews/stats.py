"""Published results (同源发布, seed 002 art. 36): satisfaction and grade distribution per item,
department or hall over a period, and rectification rates. No personal data, no review text.

Two aggregate queries (reviews, rectifications), each one GROUP BY; rows are merged per group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from tortoise.expressions import Case, F, Q, When
from tortoise.functions import Count

from models.catalog import ServiceHall, ServiceItem
from models.people import Department
from models.reviews import Grade, Rectification, RectificationState, Review
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.reviews.grades import BAD, GOOD, ratio, satisfaction_rate


class GroupBy(StrEnum):
    ITEM = "item"
    DEPARTMENT = "department"
    HALL = "hall"


REVIEW_KEY = {GroupBy.ITEM: "item_id", GroupBy.DEPARTMENT: "department_id", GroupBy.HALL: "hall_id"}
RECT_KEY = {
    GroupBy.ITEM: "stat_item_id",
    GroupBy.DEPARTMENT: "department_id",
    GroupBy.HALL: "stat_hall_id",
}
NAMES: dict[GroupBy, Any] = {
    GroupBy.ITEM: ServiceItem,
    GroupBy.DEPARTMENT: Department,
    GroupBy.HALL: ServiceHall,
}


@dataclass
class Row:
    key: int | None = None
    name: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def result(self) -> dict[str, Any]:
        c = self.counts
        grades = {g.value: c.get(f"g_{g.value}", 0) for g in Grade}
        required, rectified, on_time = (
            c.get(k, 0) for k in ("n_required", "n_rectified", "n_on_time")
        )
        return {
            "key": self.key,
            "name": self.name,
            "reviews": c.get("n_valid", 0),
            "invalid_bad_reviews": c.get("n_invalid", 0),
            "grades": grades,
            "satisfaction_rate": satisfaction_rate(c.get("n_good", 0), c.get("n_valid", 0)),
            "bad_reviews": c.get("n_bad", 0),
            "rectification_required": required,
            "rectified": rectified,
            "rectified_on_time": on_time,
            "rectification_rate": ratio(rectified, required),
            "on_time_rectification_rate": ratio(on_time, required),
        }


def _count_if(*conditions: Q) -> Count:
    # COUNT(CASE WHEN … THEN id END): typed alike on SQLite and PostgreSQL. Annotation names
    # carry a prefix: one named like a field ("invalid") makes tortoise recurse endlessly.
    return Count(Case(When(*conditions, then=F("id")), default=None))


def _review_counts() -> dict[str, Count]:
    valid = Q(invalid=False)
    counts = {
        "n_valid": _count_if(Q(invalid=False)),
        "n_invalid": _count_if(Q(invalid=True)),
        "n_good": _count_if(valid, Q(grade__in=list(GOOD))),
        "n_bad": _count_if(valid, Q(grade__in=list(BAD))),
    }
    for grade in Grade:
        counts[f"g_{grade.value}"] = _count_if(valid, Q(grade=grade))
    return counts


def _rect_counts() -> dict[str, Count]:
    """Required: every bad review not marked invalid. Rectified: its department finished it.
    On time: finished no later than its due time (after any extension granted)."""
    return {
        "n_required": _count_if(~Q(state=RectificationState.INVALID)),
        "n_rectified": _count_if(Q(rectified_at__isnull=False)),
        "n_on_time": _count_if(Q(rectified_on_time=True)),
    }


async def _grouped(query: Any, counts: dict[str, Count], key: str | None) -> list[dict]:
    query = query.annotate(**counts)
    if key is None:
        return await query.values(*counts)
    return await query.filter(**{f"{key}__isnull": False}).group_by(key).values(key, *counts)


def period_bounds(calendar: WorkingCalendar, start: date, end: date) -> tuple[datetime, datetime]:
    """Local days [start, end] as UTC moments [from, until)."""
    first = datetime.combine(start, time.min, tzinfo=calendar.tz)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=calendar.tz)
    return as_utc(first), as_utc(after)


async def review_stats(
    calendar: WorkingCalendar, start: date, end: date, group_by: GroupBy | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    since, until = period_bounds(calendar, start, end)
    reviews = Review.filter(created_at__gte=since, created_at__lt=until)
    rects = Rectification.filter(created_at__gte=since, created_at__lt=until)
    overall = Row()
    for rows in (await _grouped(reviews, _review_counts(), None),
                 await _grouped(rects, _rect_counts(), None)):  # fmt: skip
        overall.counts.update({k: int(v or 0) for k, v in (rows[0] if rows else {}).items()})
    if group_by is None:
        return overall.result(), []
    groups: dict[int, Row] = {}
    for key, source, counts in (
        (REVIEW_KEY[group_by], reviews, _review_counts()),
        (RECT_KEY[group_by], rects, _rect_counts()),
    ):
        for values in await _grouped(source, counts, key):
            row = groups.setdefault(int(values[key]), Row(key=int(values[key])))
            row.counts.update({k: int(v or 0) for k, v in values.items() if k != key})
    names = dict(await NAMES[group_by].filter(id__in=list(groups)).values_list("id", "name"))
    for row in groups.values():
        row.name = names.get(row.key, "")
    ordered = sorted(groups.values(), key=lambda row: row.key or 0)
    return overall.result(), [row.result() for row in ordered]
