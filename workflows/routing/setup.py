"""Admin set-up of routing: posts at halls, and the departments allowed to handle an item."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import NotFound, ValidationFailed
from models.catalog import ServiceHall, ServiceItem
from models.people import Department, StaffAccount
from models.routing import HallPost, ItemHandler, PostKind
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.regions.scope import staff_region
from workflows.regions.tree import is_within


async def hall_posts(principal: Principal, hall_id: int) -> tuple[ServiceHall, list[HallPost]]:
    """A hall's posts, for an admin whose region holds the hall (another's: not there)."""
    hall = await ServiceHall.get_or_none(id=hall_id)
    if hall is None or not principal.in_scope(hall.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such service hall", code="hall_not_found")
    posts = await HallPost.filter(hall_id=hall.id).order_by("id").select_related("staff")
    return hall, list(posts)


async def change_post(
    principal: Principal, hall_id: int, username: str, kind: PostKind, add: bool
) -> tuple[ServiceHall, list[HallPost]]:
    async with in_transaction():
        hall, _ = await hall_posts(principal, hall_id)
        staff = await StaffAccount.get_or_none(username=username)
        if staff is None:
            raise NotFound("no such staff account", code="staff_not_found")
        if add:
            await _require_within_hall_region(hall, staff)
            await HallPost.get_or_create(staff=staff, hall=hall, kind=kind)
        else:
            await HallPost.filter(staff_id=staff.id, hall_id=hall.id, kind=kind).delete()
        await record_change(
            principal.actor,
            "hall.post_added" if add else "hall.post_removed",
            "service_hall",
            hall.id,
            after={"staff_id": staff.id, "kind": kind.value},
        )
    return await hall_posts(principal, hall_id)


async def _require_within_hall_region(hall: ServiceHall, staff: StaffAccount) -> None:
    """A hall's posts go to staff of the hall's region or below (a county hall: its county's
    staff; a township centre: its township's). A hall not yet placed in the tree is not checked."""
    hall_region_id = hall.region_node_id  # type: ignore[attr-defined]
    if hall_region_id is None:
        return
    region = await staff_region(staff)
    if region is None or not await is_within(region.id, hall_region_id):
        raise ValidationFailed(
            "该工作人员不属于本大厅所在区划",
            code="staff_outside_hall_region",
            fields={"username": "staff outside the hall's region"},
        )


async def item_handlers(item_code: str) -> tuple[ServiceItem, list[Department]]:
    item = await ServiceItem.get_or_none(code=item_code).select_related("department")
    if item is None:
        raise NotFound("no such item", code="item_not_found")
    rows = await ItemHandler.filter(item_id=item.id).order_by("id").select_related("department")
    return item, [row.department for row in rows]


async def set_item_handlers(
    principal: Principal, item_code: str, department_codes: list[str]
) -> tuple[ServiceItem, list[Department]]:
    """Replace the list of other departments allowed to handle the item (转办 targets)."""
    async with in_transaction():
        item, before = await item_handlers(item_code)
        codes = list(dict.fromkeys(department_codes))
        departments = list(await Department.filter(code__in=codes))
        unknown = sorted(set(codes) - {d.code for d in departments})
        if unknown:
            raise NotFound(
                "no such department: " + ", ".join(unknown[:10]), code="department_not_found"
            )
        await ItemHandler.filter(item_id=item.id).delete()
        for department in departments:
            if department.id != item.department_id:  # type: ignore[attr-defined]
                await ItemHandler.create(item=item, department=department)
        await record_change(
            principal.actor,
            "item.handlers_set",
            "service_item",
            item.id,
            before={"departments": [d.code for d in before]},
            after={"departments": sorted(codes)},
        )
    return await item_handlers(item_code)
