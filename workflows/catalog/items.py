"""Creating, editing and opening/suspending/terminating items, each change a new version.

Seed 002 art. 12: items are opened, changed, suspended, resumed and terminated through review,
so status changes are the reviewers' (supervisor, admin); a handler drafts and edits the items
of their own department. Every change writes a version snapshot and an audit record.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from models.catalog import ItemStatus, OnlineDepth, ServiceItem, ServiceItemVersion
from models.people import AssuranceLevel, Department, StaffRole
from workflows import clock
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.catalog.announcements import announce_status
from workflows.rows import locked

# (from, to): the status changes review may make; terminated is final.
STATUS_CHANGES: dict[ItemStatus, frozenset[ItemStatus]] = {
    ItemStatus.DRAFT: frozenset({ItemStatus.PUBLISHED, ItemStatus.TERMINATED}),
    ItemStatus.PUBLISHED: frozenset({ItemStatus.SUSPENDED, ItemStatus.TERMINATED}),
    ItemStatus.SUSPENDED: frozenset({ItemStatus.PUBLISHED, ItemStatus.TERMINATED}),
    ItemStatus.TERMINATED: frozenset(),
}
# Opening, suspending, resuming and terminating are the reviewers' (seed 002 art. 12).
STATUS_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMIN)
SNAPSHOT_FIELDS = (
    "code", "name", "item_type", "legal_basis", "online_depth", "offline_reason",
    "legal_limit_days", "promised_limit_days", "fees", "conditions", "materials", "process",
    "notes", "faq", "themes", "status", "version", "min_assurance",
    "fee_cents", "certificate_name", "certificate_valid_days",
)  # fmt: skip


def snapshot(item: ServiceItem) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in SNAPSHOT_FIELDS}
    data["department_id"] = item.department_id  # type: ignore[attr-defined]
    return {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}


def check_guide(fields: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    if fields["promised_limit_days"] > fields["legal_limit_days"]:
        problems["promised_limit_days"] = "the promised limit cannot exceed the legal limit"
    if fields["online_depth"] == OnlineDepth.WINDOW_ONLY and not fields["offline_reason"].strip():
        problems["offline_reason"] = "say why this item cannot be done online"
    names = [m["name"] for m in fields["materials"]]
    if len(names) != len(set(names)):
        problems["materials"] = "each material needs a distinct name"
    if problems:
        raise ValidationFailed("the guide is not consistent", fields=problems)


async def upsert_item(
    principal: Principal, code: str, department_code: str, fields: dict[str, Any]
) -> tuple[ServiceItem, bool]:
    """Create a draft or edit an item; returns (item, created)."""
    check_guide(fields)
    fields = {**fields, "min_assurance": AssuranceLevel[fields.get("min_assurance", "L0")]}
    department = await Department.get_or_none(code=department_code)
    if department is None:
        raise NotFound("no department with that code", code="department_not_found")
    _may_edit(principal, department.id)
    async with in_transaction():
        item = await ServiceItem.select_for_update().get_or_none(code=code)
        if item is None:
            item = ServiceItem(code=code, department=department, version=0, **fields)
            before = None
        else:
            _may_edit(principal, item.department_id)  # type: ignore[attr-defined]
            if item.status == ItemStatus.TERMINATED:
                raise Conflict("a terminated item cannot change", code="item_terminated")
            before = snapshot(item)
            item.update_from_dict({**fields, "department_id": department.id})
        item.version += 1
        await item.save()
        await _record(principal, item, "created" if before is None else "edited", before, "")
    return item, before is None


async def change_item_status(
    principal: Principal, code: str, status: ItemStatus, note: str
) -> ServiceItem:
    require_role(principal, *STATUS_ROLES)
    async with in_transaction():
        item = await locked(ServiceItem, code, "item", by="code", error_code="item_not_found")
        # A county's office reviews its county's items (DOMAIN.md "Levels and routing").
        require_department_access(principal, item.department_id, "item")  # type: ignore[attr-defined]
        if status not in STATUS_CHANGES[item.status]:
            raise Conflict(
                f"an item cannot go from {item.status.value} to {status.value}",
                code="illegal_item_status_change",
            )
        if status in (ItemStatus.SUSPENDED, ItemStatus.TERMINATED) and not note.strip():
            raise ValidationFailed("give the reason", fields={"note": "required"})
        before = snapshot(item)
        item.status = status
        item.version += 1
        await item.save()
        await _record(principal, item, status.value, before, note)
        await announce_status(principal.id, item, status, note, clock.utc_now())
    return item


def _may_edit(principal: Principal, department_id: int) -> None:
    if principal.has_role(StaffRole.ADMIN):
        return
    require_role(principal, StaffRole.HANDLER)
    if principal.department_id != department_id:
        raise Forbidden("handlers edit only their own department's items", code="other_department")


async def _record(
    principal: Principal, item: ServiceItem, change: str, before: dict[str, Any] | None, note: str
) -> None:
    after = snapshot(item)
    await ServiceItemVersion.create(
        item=item,
        version=item.version,
        status=item.status,
        change=change,
        snapshot=after,
        actor_kind=principal.actor.kind,
        actor_id=principal.id,
        note=note,
    )
    await record_change(
        principal.actor, f"item.{change}", "service_item", item.id, before=before, after=after,
        note=note,
    )  # fmt: skip
