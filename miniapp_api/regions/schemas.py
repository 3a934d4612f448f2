"""Request and response models of the region tree and of 转报."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from miniapp_api.cases.present import CaseSummary
from miniapp_api.fields import RequiredText, RowId
from models.regions import RegionLevel


class RegionOut(BaseModel):
    id: int
    code: str = Field(description="12-digit 统计用区划代码; its first 6 digits are GB/T 2260")
    name: str
    level: RegionLevel = Field(description="1 province, 2 city, 3 county, 4 township, 5 village")
    parent_code: str | None


class RegionList(BaseModel):
    regions: list[RegionOut]


# Each level's digits are not all zero, and every digit after the region's level is zero, so a
# code says its own level (models/regions.py).
_NZ2, _NZ3 = "(0[1-9]|[1-9][0-9])", "(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})"
_BY_LEVEL = (
    f"{_NZ2}0{{10}}",  # province
    f"{_NZ2}{{2}}0{{8}}",  # city
    f"{_NZ2}{{3}}0{{6}}",  # county
    f"{_NZ2}{{3}}{_NZ3}000",  # township
    f"{_NZ2}{{3}}{_NZ3}{{2}}",  # village
)
CODE_PATTERN = "^(" + "|".join(_BY_LEVEL) + ")$"


class RegionIn(BaseModel):
    code: str = Field(
        min_length=12,
        max_length=12,
        pattern=CODE_PATTERN,
        description="12-digit 统计用区划代码; its level is where its significant digits end",
    )
    name: RequiredText = Field(max_length=100)


class PlaceIn(BaseModel):
    kind: Literal["department", "hall", "staff"]
    id: RowId = Field(description="the department's, hall's or staff account's id")
    region_id: RowId


class ForwardIn(BaseModel):
    to_department_id: RowId
    reason: RequiredText = Field(max_length=500)


class DepartmentOut(BaseModel):
    id: int
    code: str
    name: str


class ForwardTargets(BaseModel):
    departments: list[DepartmentOut]


class ForwardOut(BaseModel):
    id: int
    case: CaseSummary
    from_department: DepartmentOut
    to_department: DepartmentOut
    reason: str
    forwarded_at: datetime
    returned_at: datetime | None
    result: str


class ForwardedQuery(BaseModel):
    open_only: bool = False
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class ForwardPage(BaseModel):
    forwards: list[ForwardOut]
    total: int
