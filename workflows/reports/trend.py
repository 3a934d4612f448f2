"""The weekly trend: a few figures of the weeks before the one read, from the stored reports.

Only weeks the Monday job produced are used (what supervisors were sent): a trend must not
recompute months of reports on every page view. Each week is cut to the reader's scope and
filters exactly as the week's own report is (reading.from_stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from models.reports import WeeklyReport
from workflows.authz import Principal, require_department_access
from workflows.reports.period import week_of
from workflows.reports.reading import from_stored

WEEKS = 8


@dataclass(frozen=True)
class WeekFigures:
    week_start: date
    total: dict[str, Any]  # the report's total row: counts and rates


async def weekly_trend(
    principal: Principal,
    last_week: date,
    tz: ZoneInfo,
    *,
    department_id: int | None = None,
    region: str | None = None,
    weeks: int = WEEKS,
) -> list[WeekFigures]:
    """The stored weeks among the `weeks` ending with `last_week` (a Monday), oldest first."""
    if not principal.supervises:
        department_id = department_id or principal.department_id
    if department_id is not None:
        require_department_access(principal, department_id, "department")
    within = principal.visible_departments()
    first = last_week - timedelta(days=7 * (weeks - 1))
    stored = await WeeklyReport.filter(
        period_start__gte=first, period_start__lte=last_week
    ).order_by("period_start")
    return [
        WeekFigures(
            row.period_start,
            from_stored(row.data, week_of(row.period_start, tz), department_id, region, within)[
                "total"
            ],
        )
        for row in stored
    ]
