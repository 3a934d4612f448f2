"""Codes and subtrees: which regions, departments and staff lie under a region.

A subtree is a range of codes (models/regions.py), so "is A under B" and "the departments under
B" are one indexed query each, never a walk up the parents row by row.
"""

from __future__ import annotations

from core.errors import NotFound, ValidationFailed
from models.people import Department
from models.regions import CODE_LENGTH, PREFIX_LENGTH, Region, RegionLevel


def bounds(code: str, level: RegionLevel) -> tuple[str, str]:
    """The first and last code of the subtree of the region with this code."""
    prefix = code[: PREFIX_LENGTH[level]]
    rest = CODE_LENGTH - len(prefix)
    return prefix + "0" * rest, prefix + "9" * rest


def code_under(code: str, root_code: str, root_level: RegionLevel) -> bool:
    """Whether `code` is the root's own code or one of its subtree (no query)."""
    return code.startswith(root_code[: PREFIX_LENGTH[root_level]])


def level_of(code: str) -> RegionLevel:
    """The level a well-formed code is at: the last level whose digits are not all zero."""
    for level in reversed(RegionLevel):
        start = PREFIX_LENGTH[RegionLevel(level - 1)] if level > RegionLevel.PROVINCE else 0
        if set(code[start : PREFIX_LENGTH[level]]) - {"0"}:
            return level
    return RegionLevel.PROVINCE


def parent_code(code: str, level: RegionLevel) -> str | None:
    if level == RegionLevel.PROVINCE:
        return None
    prefix = code[: PREFIX_LENGTH[RegionLevel(level - 1)]]
    return prefix + "0" * (CODE_LENGTH - len(prefix))


def ancestor_codes(code: str, level: RegionLevel) -> list[str]:
    """The codes from the province down to this region's parent."""
    return [
        code[: PREFIX_LENGTH[upper]] + "0" * (CODE_LENGTH - PREFIX_LENGTH[upper])
        for upper in RegionLevel
        if upper < level
    ]


def check_code(code: str, level: RegionLevel) -> None:
    """12 digits, zeros after the level, and no level down to it all zeros."""
    significant = PREFIX_LENGTH[level]
    if len(code) != CODE_LENGTH or not code.isascii() or not code.isdigit():
        raise ValidationFailed(
            "区划代码须为12位数字", code="region_code_invalid", fields={"code": "12 digits"}
        )
    segments = [
        code[(PREFIX_LENGTH[RegionLevel(upper - 1)] if upper > 1 else 0) : PREFIX_LENGTH[upper]]
        for upper in RegionLevel
        if upper <= level
    ]
    if set(code[significant:]) - {"0"} or any(set(s) == {"0"} for s in segments):
        raise ValidationFailed(
            "区划代码与层级不符", code="region_code_level_mismatch", fields={"code": "level"}
        )


def subtree(root: Region):  # type: ignore[no-untyped-def]
    """The regions of the root's subtree, root included, as a query."""
    low, high = bounds(root.code, root.level)
    return Region.filter(code__gte=low, code__lte=high)


async def is_within(region_id: int, root_id: int) -> bool:
    """Whether region `region_id` is `root_id` or under it: one primary-key query for both."""
    rows = await Region.filter(id__in=[region_id, root_id]).values("id", "code", "level")
    by_id = {row["id"]: row for row in rows}
    if region_id not in by_id or root_id not in by_id:
        return False
    root = by_id[root_id]
    return code_under(by_id[region_id]["code"], root["code"], RegionLevel(root["level"]))


async def departments_under(root: Region) -> list[int]:
    """Ids of the departments placed in the root's subtree: one indexed join."""
    low, high = bounds(root.code, root.level)
    return list(
        await Department.filter(region_node__code__gte=low, region_node__code__lte=high)
        .order_by("id")
        .values_list("id", flat=True)
    )


async def get_region(region_id: int) -> Region:
    region = await Region.get_or_none(id=region_id)
    if region is None:
        raise NotFound("no such region", code="region_not_found")
    return region
