"""转报: a case forwarded to a higher level's department (seed 004 §四(二)、§五(五) 向上转报件).

Which department holds a case now is always `Case.department` (queues, cards, transitions and
reports follow it unchanged). A forward moves the case, its deadline and its open cards to the
higher department, so supervision follows the level that holds it; the clock runs on (the
promised limit is the citizen's, whoever works on it). A `CaseForward` row keeps where it came
from: that department keeps reading the case and its progress. When the higher department
decides, the case comes back down to the department that first forwarded it, for delivery
(统一窗口出件); that department is told, and the timeline shows both steps.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.people import Department, StaffAccount, StaffRole
from models.regions import CaseForward, ItemForwardHandler, Region, RegionLevel
from models.supervision import Deadline, SupervisionCard
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access
from workflows.calendar import WorkingCalendar
from workflows.cases.steps import record_step
from workflows.outbox import Notice, enqueue, notice_key, to_department, to_staff
from workflows.regions.tree import ancestor_codes
from workflows.rows import locked

FORWARDABLE = frozenset(
    {CaseStatus.SUBMITTED, CaseStatus.PRE_REVIEW, CaseStatus.ACCEPTED, CaseStatus.UNDER_REVIEW}
)
DECIDED = frozenset({CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.NOT_ACCEPTED})
SUBJECT = "case"


async def holding_department(case_id: int) -> int | None:
    """Which department holds the case now (the answer for every other module)."""
    rows = await Case.filter(id=case_id).values_list("department_id", flat=True)
    return rows[0] if rows else None


async def _region_of(department: Department) -> Region | None:
    region_id = department.region_node_id  # type: ignore[attr-defined]
    return await Region.get_or_none(id=region_id) if region_id else None


async def targets(principal: Principal, case_id: int) -> list[Department]:
    """The higher departments this case may go to: above its holder, handling its item."""
    case = await Case.get_or_none(id=case_id)
    if case is None:
        raise NotFound("no such case")
    require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    holder = await Department.get(id=case.department_id)  # type: ignore[attr-defined]
    region = await _region_of(holder)
    if region is None or region.level == RegionLevel.PROVINCE:
        return []
    return list(
        await Department.filter(
            region_node__code__in=ancestor_codes(region.code, region.level),
            forwarded_items__item_id=case.item_id,  # type: ignore[attr-defined]
        ).order_by("code")
    )


async def forward_case(
    principal: Principal,
    case_id: int,
    to_department_id: int,
    reason: str,
    now: datetime,
    calendar: WorkingCalendar,
) -> tuple[Case, CaseForward]:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("a reason is required", fields={"reason": "required"})
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        holder_id: int = case.department_id  # type: ignore[attr-defined]
        require_department_access(principal, holder_id, "case")
        if principal.department_id != holder_id or not principal.has_role(StaffRole.HANDLER):
            raise Forbidden(
                "only the holding department's handlers forward a case", code="role_required"
            )
        if case.status not in FORWARDABLE:
            raise Conflict(
                f"a case that is {case.status.value} cannot be forwarded",
                code="case_not_forwardable",
            )
        holder = await Department.get(id=holder_id)
        target = await Department.get_or_none(id=to_department_id)
        if target is None:
            raise NotFound("no such department", code="department_not_found")
        await _check_target(case, holder, target)
        forward = await CaseForward.create(
            case_id=case.id,
            from_department_id=holder.id,
            to_department_id=target.id,
            reason=reason,
            forwarded_by_id=principal.id,
            forwarded_at=now,
        )
        case.department_id = target.id  # type: ignore[attr-defined]
        await _move_supervision(case.id, target.id)
        details = {
            "forward_id": forward.id,
            "from_department_id": holder.id,
            "from_department": holder.name,
            "to_department_id": target.id,
            "to_department": target.name,
            "reason": reason,
        }
        await record_step(
            case, "forward", case.status, principal, now, calendar, note=reason, details=details
        )
        await case.save()
        await enqueue(await _tell(target.id, "case_forwarded", case, forward.id, details))
    return case, forward


async def _check_target(case: Case, holder: Department, target: Department) -> None:
    holder_region = await _region_of(holder)
    if holder_region is None:
        raise ValidationFailed("本部门尚未划入区划，不能转报", code="forward_region_unset")
    if holder_region.level == RegionLevel.PROVINCE:
        raise ValidationFailed("省级部门没有更高一级可转报", code="forward_from_top_level")
    target_region = await _region_of(target)
    above = ancestor_codes(holder_region.code, holder_region.level)
    if target_region is None or target_region.code not in above:
        raise ValidationFailed(
            "只能转报至本级的上级部门",
            code="forward_not_higher_level",
            fields={"to_department_id": "not a department above the holder"},
        )
    handles = await ItemForwardHandler.exists(item_id=case.item_id, department_id=target.id)  # type: ignore[attr-defined]
    if not handles:
        raise ValidationFailed(
            "该上级部门不办理此事项",
            code="forward_target_not_handling",
            fields={"to_department_id": "does not handle the item"},
        )


async def _move_supervision(case_id: int, department_id: int) -> None:
    """The deadline and its open cards go with the case: the level that holds it is watched."""
    deadline_ids = await Deadline.filter(subject_type=SUBJECT, subject_id=case_id).values_list(
        "id", flat=True
    )
    if not deadline_ids:
        return
    await Deadline.filter(id__in=list(deadline_ids)).update(department_id=department_id)
    await SupervisionCard.filter(deadline_id__in=list(deadline_ids), cleared_at=None).update(
        department_id=department_id
    )


async def return_result(
    case: Case, principal: Principal, now: datetime, calendar: WorkingCalendar
) -> None:
    """Inside the decision's transaction: a forwarded case goes back down with its result.

    The caller saves the case. Nothing happens to a case that was never forwarded."""
    del calendar  # the decision's own step already told the applicant
    if case.status not in DECIDED:
        return
    open_forwards = list(await CaseForward.filter(case_id=case.id, returned_at=None).order_by("id"))
    if not open_forwards:
        return
    origin = open_forwards[0].from_department_id  # type: ignore[attr-defined]
    decided_by: int = case.department_id  # type: ignore[attr-defined]
    await CaseForward.filter(id__in=[f.id for f in open_forwards]).update(
        returned_at=now, result=case.status.value
    )
    case.department_id = origin  # type: ignore[attr-defined]
    names = dict(await Department.filter(id__in=[origin, decided_by]).values_list("id", "name"))
    details = {
        "from_department_id": decided_by,
        "from_department": names.get(decided_by, ""),
        "to_department_id": origin,
        "to_department": names.get(origin, ""),
        "result": case.status.value,
    }
    # The applicant was told of the decision itself; this step is for the departments.
    case.step_count += 1
    await CaseTimelineEntry.create(
        case=case,
        seq=case.step_count,
        at=now,
        action="forward_returned",
        status=case.status,
        department_id=decided_by,
        staff_id=principal.id if principal.is_staff else None,
        actor_kind=principal.actor.kind,
        note=case.decision_reason,
        details=details,
    )
    await record_change(principal.actor, "case.forward_returned", SUBJECT, case.id, after=details)
    await enqueue(await _tell(origin, "case_forward_returned", case, open_forwards[0].id, details))


async def _tell(
    department_id: int, template: str, case: Case, forward_id: int, details: dict[str, object]
) -> list[Notice]:
    """The department's group robot and its handlers (WeCom)."""
    data = {
        "case_id": case.id,
        "case_no": case.case_no,
        "item_name": case.item_name,
        "from_department": details.get("from_department", ""),
        "reason": str(details.get("reason", details.get("result", ""))),
    }
    key = f"case:{case.id}:{template}:{forward_id}"
    extra = {"subject_type": SUBJECT, "subject_id": case.id}
    handlers = await StaffAccount.filter(department_id=department_id, active=True).values_list(
        "id", "roles"
    )
    notices = [
        to_staff(notice_key(key, "staff", sid), sid, template, data, **extra)
        for sid, roles in handlers
        if StaffRole.HANDLER.value in roles
    ]
    notices.append(
        to_department(
            notice_key(key, "department", department_id), department_id, template, data, **extra
        )
    )
    return notices


async def forwarded_by_caller(principal: Principal, case_id: int) -> bool:
    """Whether the caller's department (a supervisor: a department in scope) forwarded it up."""
    if not principal.is_staff:
        return False
    visible = principal.visible_departments()
    rows = CaseForward.filter(case_id=case_id)
    if visible is not None:
        rows = rows.filter(from_department_id__in=sorted(visible))
    return await rows.exists()


async def forwarded_cases(
    principal: Principal, open_only: bool, limit: int, offset: int
) -> tuple[list[CaseForward], int]:
    """The forwards out of the caller's department (supervisors: out of their scope)."""
    rows = CaseForward.filter(**principal.department_filter("from_department_id"))
    if open_only:
        rows = rows.filter(returned_at=None)
    total = await rows.count()
    page = (
        await rows.order_by("-forwarded_at", "-id")
        .offset(offset)
        .limit(limit)
        .select_related("case", "case__department", "to_department", "from_department")
    )
    return list(page), total
