"""The weekly report by region at every level (seed 000 §三(三): 通报 by city, county and
department): each region's subtotal is the sum of the department rows in its subtree.

Nodes come in code order, which is the tree's pre-order (a parent's code sorts before its
children's), so the list reads as city → its counties → their townships; each node lists the
departments placed directly in it. A scoped reader gets no node above their own region.
"""

from __future__ import annotations

from typing import Any

from models.people import Department
from models.regions import LEVEL_LABELS, Region, RegionLevel
from workflows.regions.tree import ancestor_codes, code_under, level_of

UNPLACED = "未划分地区"


async def region_breakdown(
    rows: list[dict[str, Any]], keys: list[str], root_code: str | None
) -> list[dict[str, Any]]:
    """Subtotals (raw counts) per region node for the report's department rows."""
    ids = [row["department_id"] for row in rows]
    placed = dict(await Department.filter(id__in=ids).values_list("id", "region_node__code"))
    codes = {code for code in placed.values() if code}
    wanted = set(codes)
    for code in codes:
        wanted.update(ancestor_codes(code, level_of(code)))
    if root_code is not None:
        root_level = level_of(root_code)
        wanted = {code for code in wanted if code_under(code, root_code, root_level)}
    regions = {r.code: r for r in await Region.filter(code__in=sorted(wanted))}
    nodes: dict[str | None, dict[str, Any]] = {}

    def node(code: str | None) -> dict[str, Any]:
        if code not in nodes:
            region = regions.get(code) if code else None
            level = region.level if region else None
            nodes[code] = {
                "code": code,
                "name": region.name if region else UNPLACED,
                "level": int(level) if level else None,
                "level_label": LEVEL_LABELS[RegionLevel(level)] if level else "",
                "department_ids": [],
                "counts": dict.fromkeys(keys, 0),
            }
        return nodes[code]

    for row in rows:
        code = placed.get(row["department_id"])
        chain = [code] if code in regions else []
        if code:
            chain += [c for c in ancestor_codes(code, level_of(code)) if c in regions]
        if not chain:
            chain = [None]
        node(chain[0])["department_ids"].append(row["department_id"])
        for member in chain:
            target = node(member)["counts"]
            for key in keys:
                target[key] += int(row["counts"].get(key, 0))
    if list(nodes) == [None]:
        return []  # nothing is placed in the tree yet: there is no breakdown to show
    return sorted(nodes.values(), key=lambda n: (n["code"] is None, n["code"] or ""))
