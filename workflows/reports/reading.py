"""Reading a week's report: staff see their department, supervisors and admins every one.

A week the Monday job already produced is served from its stored row (what supervisors were
sent); any other past week is computed on demand.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.errors import NotFound
from models.people import Department
from models.reports import WeeklyReport
from workflows.authz import Principal, require_department_access
from workflows.regions.report import region_breakdown
from workflows.reports.build import assemble, compute, count_keys, with_rates
from workflows.reports.period import Period, requested_week


async def weekly_report(
    principal: Principal,
    now: datetime,
    tz: ZoneInfo,
    *,
    week_start: date | None = None,
    department_id: int | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    if not principal.supervises:
        department_id = department_id or principal.department_id
    if department_id is not None:
        require_department_access(principal, department_id, "department")
        if not await Department.exists(id=department_id):
            raise NotFound("no such department")
    within = principal.visible_departments()
    period = requested_week(week_start, now, tz)
    stored = await WeeklyReport.get_or_none(period_start=period.first_day)
    if stored is not None:
        report = from_stored(stored.data, period, department_id, region, within)
    else:
        report = await compute(
            period, now, department_id=department_id, region=region, within=within
        )
    return await with_region_levels(report, principal.scope_root)


async def with_region_levels(report: dict[str, Any], root_code: str | None) -> dict[str, Any]:
    """The report with its subtotals per region level (city → counties → departments)."""
    keys = count_keys()
    nodes = await region_breakdown(report["departments"], keys, root_code)
    levels = [
        {**{k: v for k, v in n.items() if k != "counts"}, "values": with_rates(n["counts"])}
        for n in nodes
    ]
    return {**report, "region_levels": levels}


def from_stored(
    data: dict[str, Any],
    period: Period,
    department_id: int | None,
    region: str | None,
    within: frozenset[int] | None = None,
) -> dict[str, Any]:
    if department_id is None and region is None and within is None:
        return data
    rows = [
        row
        for row in data["departments"]
        if (department_id is None or row["department_id"] == department_id)
        and (region is None or row["region"] == region)
        and (within is None or row["department_id"] in within)
    ]
    return assemble(period, datetime.fromisoformat(data["generated_at"]), rows)
