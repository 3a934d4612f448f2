"""A supervisor's reach: the departments under their region (DOMAIN.md "Levels and routing":
a county sees its county, a city all its counties).

Computed once per request when the principal is built, as a set of department ids, so that the
per-object checks stay a set lookup and lists one `department_id IN (…)` filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.people import Department, StaffAccount, StaffRole
from models.regions import Region
from workflows.regions.tree import departments_under

# The roles whose lists reach past their own department: supervision (电子监察), admins, and the
# review office's callback visitors.
SCOPED_ROLES = frozenset({StaffRole.SUPERVISOR, StaffRole.ADMIN, StaffRole.CALLBACK_VISITOR})


async def staff_region(staff: StaffAccount) -> Region | None:
    """The account's own region, else its department's; None for rows placed nowhere."""
    region_id = staff.region_node_id  # type: ignore[attr-defined]
    if region_id is None:
        region_id = await Department.filter(id=staff.department_id).values_list(  # type: ignore[attr-defined]
            "region_node_id", flat=True
        )
        region_id = region_id[0] if region_id else None
    if region_id is None:
        return None
    return await Region.get_or_none(id=region_id)


@dataclass(frozen=True)
class Scope:
    departments: frozenset[int] | None = None  # None: not limited
    root_code: str | None = None


async def staff_scope(staff: StaffAccount) -> Scope:
    """The departments a supervising account reaches: those under its region (none set: all)."""
    if not any(role in SCOPED_ROLES for role in staff.roles):
        return Scope()
    region = await staff_region(staff)
    if region is None:
        return Scope()
    return Scope(frozenset(await departments_under(region)), region.code)
