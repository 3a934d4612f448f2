"""Checking a citizen's level against what an item asks for."""

from __future__ import annotations

from core.errors import Forbidden
from models.catalog import ServiceItem
from models.people import AssuranceLevel, Citizen

DESCRIPTIONS = {
    AssuranceLevel.L0: "WeChat account",
    AssuranceLevel.L1: "phone verified",
    AssuranceLevel.L2: "identity verified by the provincial platform",
    AssuranceLevel.L3: "face-verified",
}


def require_level(current: AssuranceLevel, needed: AssuranceLevel) -> None:
    """403 assurance_required naming the level, so the mini-app can start the step-up."""
    if current >= needed:
        return
    raise Forbidden(
        f"this needs level {needed.name} ({DESCRIPTIONS[needed]}); you are at {current.name}",
        code="assurance_required",
        fields={"required_level": needed.name, "current_level": current.name},
    )


async def require_citizen_level(citizen_id: int, needed: AssuranceLevel) -> None:
    if needed == AssuranceLevel.L0:
        return
    current = await Citizen.filter(id=citizen_id).values_list("assurance", flat=True)
    require_level(AssuranceLevel(current[0]) if current else AssuranceLevel.L0, needed)


async def require_item_level(citizen_id: int, item_id: int) -> None:
    needed = await ServiceItem.filter(id=item_id).values_list("min_assurance", flat=True)
    if needed:
        await require_citizen_level(citizen_id, AssuranceLevel(needed[0]))
