"""What a report section is, and the registry the report is built from.

A section is one aggregate query module: `columns` say what it adds (counts, and rates computed
from two counts so regions and totals stay exact), `count` returns per-department counts for a
period from GROUP BY queries. The sections in a report are listed in workflows/reports/registry.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from workflows.reports.period import Period

# department id -> column key -> count
Counts = dict[int, dict[str, int]]


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Chinese, as printed in the report and the exports
    # A rate is numerator / denominator (keys of count columns); None when there is nothing to rate.
    numerator: str | None = None
    denominator: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[Column, ...]
    count: Callable[[Period, list[int] | None], Awaitable[Counts]]


def during(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def in_scope(department_field: str, departments: list[int] | None) -> dict[str, Any]:
    return {} if departments is None else {f"{department_field}__in": departments}


def add_rows(
    counts: Counts, rows: Iterable[Mapping[str, Any]], department_key: str, keys: Iterable[str]
) -> None:
    """Fold GROUP BY result rows (one per department, a few at most) into the counts."""
    wanted = tuple(keys)
    for row in rows:
        department = row[department_key]
        if department is None:
            continue
        target = counts.setdefault(int(department), {})
        for key in wanted:
            target[key] = target.get(key, 0) + int(row[key] or 0)
