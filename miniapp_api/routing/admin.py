"""Routing set-up for admins: posts at halls (综合窗口, 代办员) and an item's other handlers."""

from __future__ import annotations

from miniapp_api.operations import OperationTable
from miniapp_api.present import DepartmentRef
from miniapp_api.routing.present import HallPostOut, HallPosts, ItemHandlersOut, hall_ref
from miniapp_api.routing.schemas import HallIdParams, HallPostIn, ItemHandlersIn, ItemParams
from models.catalog import ServiceHall, ServiceItem
from models.people import Department, StaffRole
from models.routing import HallPost
from workflows.authz import Principal
from workflows.routing import setup

table = OperationTable(tags=("routing",), audience="staff", roles=(StaffRole.ADMIN,))


def _posts(hall: ServiceHall, posts: list[HallPost]) -> HallPosts:
    return HallPosts(
        hall=hall_ref(hall),
        posts=[HallPostOut(username=p.staff.username, kind=p.kind) for p in posts],
    )


def _ref(department: Department) -> DepartmentRef:
    return DepartmentRef(code=department.code, name=department.name)


def _handlers(item: ServiceItem, others: list[Department]) -> ItemHandlersOut:
    return ItemHandlersOut(
        item_code=item.code, department=_ref(item.department), others=[_ref(d) for d in others]
    )


@table.get("/api/admin/halls/{hall_id}/posts", "listHallPosts", errors=(404,))
async def list_posts(principal: Principal, params: HallIdParams) -> HallPosts:
    """Who holds the hall's comprehensive window and agent posts"""
    return _posts(*await setup.hall_posts(principal, params.hall_id))


@table.post("/api/admin/halls/{hall_id}/posts", "changeHallPost", errors=(404,))
async def change_post(principal: Principal, params: HallIdParams, body: HallPostIn) -> HallPosts:
    """Add or remove a staff account's post at the hall"""
    hall, posts = await setup.change_post(
        principal, params.hall_id, body.username, body.kind, body.action == "add"
    )
    return _posts(hall, posts)


@table.get("/api/admin/items/{item_code}/handlers", "getItemHandlers", errors=(404,))
async def get_handlers(params: ItemParams) -> ItemHandlersOut:
    """The item's own department and the others allowed to handle it (转办 targets)"""
    return _handlers(*await setup.item_handlers(params.item_code))


@table.put("/api/admin/items/{item_code}/handlers", "setItemHandlers", errors=(404,))
async def set_handlers(
    principal: Principal, params: ItemParams, body: ItemHandlersIn
) -> ItemHandlersOut:
    """Replace the list of other departments allowed to handle the item"""
    return _handlers(
        *await setup.set_item_handlers(principal, params.item_code, list(body.department_codes))
    )
