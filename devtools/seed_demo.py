"""Insert the demo county. Idempotent: what already exists (by code or username) is left alone."""

from __future__ import annotations

import secrets

from tortoise.transactions import in_transaction

from core.passwords import hash_password
from devtools import demo_data
from devtools.demo_regions import seed_regions
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from models.people import Department, StaffAccount
from models.routing import Bundle, BundleMember, BundleOrder, HallPost, PostKind
from workflows.audit import Actor, record_change


async def seed_demo(password: str | None = None) -> dict[str, str]:
    """Create what is missing; return {username: password} for the staff created now."""
    created: dict[str, str] = {}
    actor = Actor.system("seed-demo")
    async with in_transaction():
        departments = {}
        for spec in demo_data.DEPARTMENTS:
            department, _ = await Department.get_or_create(
                code=spec["code"], defaults={"name": spec["name"], "region": demo_data.REGION}
            )
            departments[spec["code"]] = department
        for username, name, dept_code, roles, wecom_userid in demo_data.STAFF:
            if await StaffAccount.exists(username=username):
                continue
            plain = password or secrets.token_urlsafe(9)
            staff = await StaffAccount.create(
                username=username,
                name=name,
                department=departments[dept_code],
                roles=roles,
                wecom_userid=wecom_userid,
                password_hash=hash_password(plain),
            )
            await record_change(
                actor,
                "staff.created",
                "staff_account",
                staff.id,
                after={"username": username, "roles": roles},
            )
            created[username] = plain
        for spec in demo_data.ITEMS:
            if await ServiceItem.exists(code=spec["code"]):
                continue
            fields = {k: v for k, v in spec.items() if k != "department"}
            item = await ServiceItem.create(
                **fields, department=departments[spec["department"]], status=ItemStatus.PUBLISHED
            )
            await record_change(
                actor,
                "item.created",
                "service_item",
                item.id,
                after={"code": item.code, "status": item.status.value},
            )
        hall_spec = {k: v for k, v in demo_data.HALL.items() if k not in ("code", "department")}
        hall_spec["department"] = departments[demo_data.HALL["department"]]
        hall, was_created = await ServiceHall.get_or_create(
            code=demo_data.HALL["code"], defaults=hall_spec
        )
        if was_created:
            await hall.items.add(*await ServiceItem.all())
        await seed_routing(hall)
        await seed_regions(departments, password, created)
    return created


async def seed_routing(hall: ServiceHall) -> None:
    """The hall's window and agent posts, and the demo bundles (一件事一次办)."""
    for username, kind in demo_data.HALL_POSTS:
        staff = await StaffAccount.get(username=username)
        await HallPost.get_or_create(staff=staff, hall=hall, kind=PostKind(kind))
    for spec in demo_data.BUNDLES:
        bundle, was_created = await Bundle.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "order": BundleOrder(spec["order"]),
            },
        )
        if was_created:
            for position, code in enumerate(spec["items"], start=1):
                item = await ServiceItem.get(code=code)
                await BundleMember.create(bundle=bundle, item=item, position=position)
