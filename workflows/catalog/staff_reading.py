"""What catalog staff read: the items of their reach and one proposed change (seed 002 art. 12).

The reach is the one listItemChanges has: a handler their own department's, supervisors and
admins the departments under their region; anything else is not there for them (NotFound).
"""

from __future__ import annotations

from core.errors import NotFound
from models.catalog import ServiceItem
from models.catalog_review import ItemChange
from models.people import AssuranceLevel, Department, StaffRole
from workflows.authz import Principal, require_role

CATALOG_ROLES = (StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


async def items_in_reach(principal: Principal, limit: int, offset: int) -> list[ServiceItem]:
    require_role(principal, *CATALOG_ROLES)
    query = ServiceItem.filter(**principal.department_filter("department_id"))
    return list(
        await query.order_by("code").offset(offset).limit(limit).prefetch_related("department")
    )


async def item_in_reach(principal: Principal, code: str) -> ServiceItem:
    require_role(principal, *CATALOG_ROLES)
    item = await ServiceItem.get_or_none(code=code).prefetch_related("department")
    if item is None or not principal.may_see_department(item.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such item", code="item_not_found")
    return item


async def change_for(principal: Principal, change_id: int) -> ItemChange:
    """A proposed change with its item (and the item's department) loaded."""
    require_role(principal, *CATALOG_ROLES)
    change = await ItemChange.get_or_none(id=change_id).prefetch_related("item__department")
    if change is None or not principal.may_see_department(change.item.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such item change", code="change_not_found")
    return change


async def as_proposed(change: ItemChange) -> ServiceItem:
    """The item as approving the change would publish it (decide_change's update), unsaved."""
    item = await ServiceItem.get(id=change.item_id).prefetch_related("department")  # type: ignore[attr-defined]
    fields = dict(change.proposed)
    fields["min_assurance"] = AssuranceLevel[fields.get("min_assurance", "L0")]
    department_id = fields.pop("department_id", item.department_id)  # type: ignore[attr-defined]
    item.update_from_dict(fields)
    if department_id != item.department_id:  # type: ignore[attr-defined]
        item.department = await Department.get(id=department_id)
    return item
