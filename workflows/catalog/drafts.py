"""A change to an item citizens can see passes review first (seed 002 art. 12, seed 000 §二(一)).

"开通、变更、暂停、恢复、终止政务服务事项，应当向同级政务服务管理部门提出申请，通过审核…后实施":
a handler's edit of a published or suspended item is kept as a draft (ItemChange) while the
published version stays what citizens see; the supervising office (supervisor role, as for
status changes in items.py) approves it, which publishes it as a new version, or rejects it with
a reason. A draft item nobody can see yet is still edited in place (items.upsert_item). One
draft waits per item: a newer one supersedes it. Nobody approves their own change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from models.catalog import ItemStatus, ServiceItem, ServiceItemVersion
from models.catalog_review import ChangeState, ItemChange
from models.people import AssuranceLevel, Department, StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.catalog.items import check_guide, snapshot, upsert_item
from workflows.outbox import Notice, enqueue, notice_key, to_staff
from workflows.rows import locked

# Seen by citizens, so changed only through review.
REVIEWED = frozenset({ItemStatus.PUBLISHED, ItemStatus.SUSPENDED})
REVIEWER_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMIN)


async def save_item(
    principal: Principal, code: str, department_code: str, fields: dict[str, Any], now: datetime
) -> tuple[ServiceItem, ItemChange | None]:
    """The upsertItem rule: edit a draft item in place, or propose a change of a visible one."""
    check_guide(fields)
    department = await Department.get_or_none(code=department_code)
    if department is None:
        raise NotFound("no department with that code", code="department_not_found")
    async with in_transaction():
        item = await ServiceItem.select_for_update().get_or_none(code=code)
        if item is None or item.status not in REVIEWED:
            saved, _ = await upsert_item(principal, code, department_code, fields)
            return saved, None
        _may_propose(principal, item.department_id, department.id)  # type: ignore[attr-defined]
        proposed = {**fields, "department_id": department.id}
        superseded = await ItemChange.filter(item_id=item.id, state=ChangeState.PENDING).update(
            state=ChangeState.SUPERSEDED
        )
        change = await ItemChange.create(
            item=item,
            base_version=item.version,
            proposed=proposed,
            submitted_by_id=principal.id,
            submitted_at=now,
        )
        await record_change(
            principal.actor,
            "item.change_proposed",
            "service_item",
            item.id,
            before=snapshot(item),
            after={"change_id": change.id, **proposed},
            note=f"superseded {superseded}" if superseded else "",
        )
    return item, change


async def decide_change(
    principal: Principal, change_id: int, approve: bool, reason: str, now: datetime
) -> tuple[ItemChange, ServiceItem]:
    require_role(principal, *REVIEWER_ROLES)
    if not approve and not reason.strip():
        raise ValidationFailed(
            "a rejection gives its reason", code="reason_required", fields={"reason": "required"}
        )
    async with in_transaction():
        change = await locked(ItemChange, change_id, "item change", error_code="change_not_found")
        item = await locked(ServiceItem, change.item_id, "item")  # type: ignore[attr-defined]
        # A county's office reviews its county's items (DOMAIN.md "Levels and routing").
        require_department_access(principal, item.department_id, "item change")  # type: ignore[attr-defined]
        if change.state != ChangeState.PENDING:
            raise Conflict(f"this change is {change.state.value}", code="change_decided")
        if change.submitted_by_id == principal.id:
            raise Forbidden("a change is reviewed by someone else", code="own_change")
        if item.status not in REVIEWED:
            raise Conflict("the item can no longer change", code="item_terminated")
        change.decided_by_id, change.decided_at, change.reason = principal.id, now, reason
        if not approve:
            change.state = ChangeState.REJECTED
            await change.save()
            await record_change(
                principal.actor,
                "item.change_rejected",
                "service_item",
                item.id,
                after={"change_id": change.id},
                note=reason,
            )
            await enqueue([_tell_author(change, item, "rejected", reason)])
            return change, item
        before = snapshot(item)
        fields = dict(change.proposed)
        fields["min_assurance"] = AssuranceLevel[fields.get("min_assurance", "L0")]
        item.update_from_dict(fields)
        item.version += 1
        await item.save()
        change.state = ChangeState.APPROVED
        await change.save()
        after = snapshot(item)
        await ServiceItemVersion.create(
            item=item,
            version=item.version,
            status=item.status,
            change="edited",
            snapshot=after,
            actor_kind=principal.actor.kind,
            actor_id=principal.id,
            note=f"change {change.id} approved. {reason}".strip(),
        )
        await record_change(
            principal.actor,
            "item.change_approved",
            "service_item",
            item.id,
            before=before,
            after={"change_id": change.id, **after},
            note=reason,
        )
        await enqueue([_tell_author(change, item, "approved", reason)])
    return change, item


async def list_changes(
    principal: Principal, state: ChangeState | None, limit: int, offset: int
) -> list[ItemChange]:
    query = ItemChange.all()
    if not principal.supervises:
        require_role(principal, StaffRole.HANDLER)
    query = query.filter(**principal.department_filter("item__department_id"))
    if state is not None:
        query = query.filter(state=state)
    return list(await query.order_by("-id").offset(offset).limit(limit).prefetch_related("item"))


def _may_propose(principal: Principal, item_department_id: int, new_department_id: int) -> None:
    if principal.has_role(StaffRole.ADMIN):
        return
    require_role(principal, StaffRole.HANDLER)
    if principal.department_id != item_department_id or new_department_id != item_department_id:
        raise Forbidden("handlers edit only their own department's items", code="other_department")


def _tell_author(change: ItemChange, item: ServiceItem, outcome: str, reason: str) -> Notice:
    return to_staff(
        notice_key("item_change", change.id, outcome, "staff", change.submitted_by_id),
        change.submitted_by_id,
        "item_change_decided",
        {"item": item.name, "code": item.code, "outcome": outcome, "reason": reason},
        subject_type="item_change",
        subject_id=change.id,
    )
