"""Request and response models of the reports operations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from miniapp_api.fields import QueryDate, RowId

Value = int | float | None


class ReportQuery(BaseModel):
    week_start: QueryDate | None = Field(
        default=None, description="the Monday of a past week; default: the last full week"
    )
    department_id: RowId | None = Field(default=None, description="staff: their own only")
    region: str | None = Field(default=None, min_length=1, max_length=100)


class ExportQuery(ReportQuery):
    format: Literal["csv", "xlsx"] = "csv"


class PeriodOut(BaseModel):
    week_start: date
    week_end: date
    start: datetime
    end: datetime
    label: str


class ColumnOut(BaseModel):
    key: str
    label: str
    rate: bool


class SectionOut(BaseModel):
    key: str
    title: str
    columns: list[ColumnOut]


class DepartmentRow(BaseModel):
    department_id: int
    code: str
    name: str
    region: str
    counts: dict[str, int]
    values: dict[str, Value]


class RegionRow(BaseModel):
    region: str
    values: dict[str, Value]


class RegionLevelRow(BaseModel):
    """One region's subtotal: every department in its subtree (code order = tree order)."""

    code: str | None = Field(description="统计用区划代码; null: departments not yet placed")
    name: str
    level: int | None = Field(description="1 province … 5 village")
    level_label: str
    department_ids: list[int] = Field(description="the departments placed in this region itself")
    values: dict[str, Value]


class WeeklyReportOut(BaseModel):
    period: PeriodOut
    generated_at: datetime
    sections: list[SectionOut]
    departments: list[DepartmentRow]
    regions: list[RegionRow]
    region_levels: list[RegionLevelRow] = []
    total: dict[str, Value]
