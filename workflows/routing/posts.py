"""Who stands at which desk of a hall: its comprehensive window or its agent desk (代办点).

Membership is by post (HallPost), not by department: the hall's clerks of the running department
keep their reading rights (workflows/cases/queries.py) but only a posted clerk receives at the
comprehensive window. A hall's posts are limited to staff of the hall's region or below
(workflows/routing/setup.py change_post, 422 staff_outside_hall_region).
"""

from __future__ import annotations

from core.errors import Forbidden, NotFound, ValidationFailed
from models.catalog import ServiceHall, ServiceItem
from models.people import Department, StaffRole
from models.routing import HallPost, ItemHandler, PostKind
from workflows.authz import Principal


async def hall_for_post(principal: Principal, hall_id: int, kind: PostKind) -> ServiceHall:
    """The hall, if the caller holds that post there; 404 for no hall, 403 for no post."""
    hall = await ServiceHall.get_or_none(id=hall_id)
    if hall is None:
        raise NotFound("no such service hall", code="hall_not_found")
    role = StaffRole.CLERK if kind == PostKind.COMPREHENSIVE_WINDOW else None
    posted = principal.is_staff and await HallPost.exists(
        staff_id=principal.id, hall_id=hall.id, kind=kind
    )
    if not posted or (role is not None and not principal.has_role(role)):
        code = "not_window_clerk" if kind == PostKind.COMPREHENSIVE_WINDOW else "not_hall_agent"
        raise Forbidden(f"you hold no {kind.value} post at this hall", code=code)
    return hall


async def require_hall_covers(hall: ServiceHall, items: list[ServiceItem]) -> None:
    """一窗受理 takes only what the hall's list covers (seed 004 §二)."""
    covered = set(await hall.items.all().values_list("id", flat=True))
    missing = [item.code for item in items if item.id not in covered]
    if missing:
        raise ValidationFailed(
            "this hall does not take applications for these items",
            code="item_not_covered_by_hall",
            fields={"item_code": "not on the hall's list: " + "、".join(missing[:10])},
        )


async def allowed_handlers(item_id: int, own_department_id: int) -> set[int]:
    """The item's own department and those listed as its other handlers."""
    extra = await ItemHandler.filter(item_id=item_id).values_list("department_id", flat=True)
    return {own_department_id, *extra}


async def department_by_code(code: str) -> Department:
    department = await Department.get_or_none(code=code)
    if department is None:
        raise NotFound("no such department", code="department_not_found")
    return department
