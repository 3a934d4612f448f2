"""Building a report: every section's per-department counts, then regions and the total.

Regions and the total are sums of department counts, and every rate is computed from summed
counts (never an average of rates).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.people import Department
from workflows.reports.period import Period
from workflows.reports.registry import SECTIONS, columns

Values = dict[str, float | int | None]


def count_keys() -> list[str]:
    return [column.key for _, column in columns() if not column.is_rate]


def with_rates(counts: dict[str, int]) -> Values:
    values: Values = {key: counts.get(key, 0) for key in count_keys()}
    for _, column in columns():
        if column.is_rate:
            assert column.numerator and column.denominator
            denominator = counts.get(column.denominator, 0)
            numerator = counts.get(column.numerator, 0)
            values[column.key] = round(numerator / denominator, 4) if denominator else None
    return values


async def department_counts(
    period: Period, departments: list[int] | None
) -> dict[int, dict[str, int]]:
    merged: dict[int, dict[str, int]] = {}
    for section in SECTIONS:
        for department, values in (await section.count(period, departments)).items():
            merged.setdefault(department, {}).update(values)
    return merged


async def compute(
    period: Period,
    generated_at: datetime,
    *,
    department_id: int | None,
    region: str | None,
    within: frozenset[int] | None = None,
) -> dict[str, Any]:
    query = Department.all()
    if department_id is not None:
        query = query.filter(id=department_id)
    if region is not None:
        query = query.filter(region=region)
    if within is not None:  # a supervisor's region scope
        query = query.filter(id__in=sorted(within))
    departments = await query.order_by("region", "code").values("id", "code", "name", "region")
    narrowed = department_id is not None or region is not None or within is not None
    scoped = [d["id"] for d in departments] if narrowed else None
    counts = await department_counts(period, scoped)
    rows = [
        {
            "department_id": d["id"],
            "code": d["code"],
            "name": d["name"],
            "region": d["region"],
            "counts": counts.get(d["id"], {}),
        }
        for d in departments
    ]
    return assemble(period, generated_at, rows)


def assemble(period: Period, generated_at: datetime, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The report document from department rows carrying raw counts (also used on stored ones)."""
    keys = count_keys()
    regions: dict[str, dict[str, int]] = {}
    total: dict[str, int] = dict.fromkeys(keys, 0)
    for row in rows:
        region = regions.setdefault(row["region"], dict.fromkeys(keys, 0))
        for key in keys:
            value = int(row["counts"].get(key, 0))
            region[key] += value
            total[key] += value
    return {
        "period": {
            "week_start": period.first_day.isoformat(),
            "week_end": period.last_day.isoformat(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
        },
        "generated_at": generated_at.isoformat(),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "columns": [
                    {"key": c.key, "label": c.label, "rate": c.is_rate} for c in section.columns
                ],
            }
            for section in SECTIONS
        ],
        "departments": [
            {
                "department_id": row["department_id"],
                "code": row["code"],
                "name": row["name"],
                "region": row["region"],
                "counts": {key: int(row["counts"].get(key, 0)) for key in keys},
                "values": with_rates(row["counts"]),
            }
            for row in rows
        ],
        "regions": [
            {"region": name, "values": with_rates(counts)} for name, counts in regions.items()
        ],
        "total": with_rates(total),
    }
