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
from workflows.reports.build import assemble, compute
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
    if not principal.sees_all_departments:
        department_id = department_id or principal.department_id
    if department_id is not None:
        require_department_access(principal, department_id, "department")
        if not await Department.exists(id=department_id):
            raise NotFound("no such department")
    period = requested_week(week_start, now, tz)
    stored = await WeeklyReport.get_or_none(period_start=period.first_day)
    if stored is not None:
        return from_stored(stored.data, period, department_id, region)
    return await compute(period, now, department_id=department_id, region=region)


def from_stored(
    data: dict[str, Any], period: Period, department_id: int | None, region: str | None
) -> dict[str, Any]:
    if department_id is None and region is None:
        return data
    rows = [
        row
        for row in data["departments"]
        if (department_id is None or row["department_id"] == department_id)
        and (region is None or row["region"] == region)
    ]
    return assemble(period, datetime.fromisoformat(data["generated_at"]), rows)
