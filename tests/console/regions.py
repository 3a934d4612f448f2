"""Placing a console account in a county that holds none of the test's departments: its scope
is empty, so every matter of DEPT-A belongs to another region for it."""

from __future__ import annotations

from models.people import StaffAccount
from models.regions import Region, RegionLevel


async def move_to_other_county(username: str) -> None:
    county, _ = await Region.get_or_create(
        code="990102000000", defaults={"name": "白水县", "level": RegionLevel.COUNTY}
    )
    await StaffAccount.filter(username=username).update(region_node_id=county.id)
