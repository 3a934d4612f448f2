"""Entering the tree: an admin adds regions and places departments, halls and staff in them.

A code says its own level and parent (models/regions.py), so a region is refused unless its
parent is already there: the tree has no gaps and no second root per province.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.catalog import ServiceHall
from models.people import Department, StaffAccount
from models.regions import Region, RegionLevel
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.regions.tree import check_code, get_region, parent_code, subtree

PLACEABLE = {"department": Department, "hall": ServiceHall, "staff": StaffAccount}


async def create_region(principal: Principal, code: str, name: str, level: RegionLevel) -> Region:
    check_code(code, level)
    wanted_parent = parent_code(code, level)
    async with in_transaction():
        parent = None
        if wanted_parent is not None:
            parent = await Region.get_or_none(code=wanted_parent)
            if parent is None:
                raise Conflict(f"上级区划 {wanted_parent} 尚未建立", code="region_parent_missing")
        if await Region.exists(code=code):
            raise Conflict("该区划代码已存在", code="region_code_taken")
        try:
            region = await Region.create(code=code, name=name, level=level, parent=parent)
        except IntegrityError as exc:
            raise Conflict("该区划代码已存在", code="region_code_taken") from exc
        await record_change(
            principal.actor, "region.created", "region", region.id,
            after={"code": code, "name": name, "level": int(level)},
        )  # fmt: skip
    return region


async def place(principal: Principal, kind: str, row_id: int, region_id: int) -> Region:
    """Put a department, hall or staff account in a region (their scope follows at next login
    request: scopes are computed per request)."""
    model = PLACEABLE[kind]
    async with in_transaction():
        region = await get_region(region_id)
        row = await model.get_or_none(id=row_id)
        if row is None:
            raise NotFound(f"no such {kind}")
        before = row.region_node_id  # type: ignore[attr-defined]
        await model.filter(id=row_id).update(region_node_id=region.id)
        await record_change(
            principal.actor, f"{kind}.placed", kind, row_id,
            before={"region_id": before}, after={"region_id": region.id},
        )  # fmt: skip
    return region


async def regions_for(principal: Principal) -> list[Region]:
    """The tree as far as the caller reaches: their region's subtree, or the whole tree."""
    if principal.scope_root is None:
        return list(await Region.all().order_by("code"))
    root = await Region.get_or_none(code=principal.scope_root)
    if root is None:
        return []
    return list(await subtree(root).order_by("code"))
