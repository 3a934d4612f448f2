"""并联审批 (seed 001 §三(三)1): the lead department (主办, the case's department) asks
co-departments (协办) for their opinion, each with its own limit in working days, all at once.
The lead decides only when every co-department has answered. Each part is a Deadline of its
own ("case_part"), so supervision cards it like any other matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from models.cases import Case, CaseStatus
from models.people import StaffRole
from models.routing import Opinion, ParallelPart, PartState
from workflows.authz import Principal, require_department_access
from workflows.calendar import WorkingCalendar
from workflows.cases.steps import record_step
from workflows.routing.common import tell_department
from workflows.routing.posts import department_by_code
from workflows.rows import locked
from workflows.supervision import deadlines

SUBJECT = "case_part"
OPEN_FOR_PARTS = frozenset({CaseStatus.ACCEPTED, CaseStatus.UNDER_REVIEW})


@dataclass(frozen=True)
class CoDepartment:
    department_code: str
    limit_working_days: int


async def start_parallel(
    principal: Principal,
    case_id: int,
    co_departments: list[CoDepartment],
    calendar: WorkingCalendar,
    now: datetime,
) -> list[ParallelPart]:
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
        if not principal.has_role(StaffRole.HANDLER):
            raise Forbidden("only the lead department starts 并联", code="role_required")
        if case.status not in OPEN_FOR_PARTS:
            raise Conflict(
                "only an accepted case under handling runs in parallel", code="illegal_transition"
            )
        if await ParallelPart.exists(case_id=case.id):
            raise Conflict("this case runs in parallel already", code="parallel_already_started")
        codes = [c.department_code for c in co_departments]
        if len(set(codes)) != len(codes):
            raise ValidationFailed(
                "each co-department once", code="duplicate_co_department",
                fields={"co_departments": "listed twice"},
            )  # fmt: skip
        departments = [await department_by_code(code) for code in codes]
        if any(d.id == case.department_id for d in departments):  # type: ignore[attr-defined]
            raise ValidationFailed(
                "the lead department is not its own co-department",
                code="co_department_is_lead",
                fields={"co_departments": "the lead department"},
            )
        parts = []
        for department, spec in zip(departments, co_departments, strict=True):
            due = calendar.due_at(now, spec.limit_working_days)
            part = await ParallelPart.create(
                case=case, department=department, limit_working_days=spec.limit_working_days,
                started_at=now, due_at=due,
            )  # fmt: skip
            await deadlines.watch(
                SUBJECT, part.id, department_id=department.id,
                title=f"{case.case_no} {case.item_name}（并联协办）"[:200],
                started_at=now, due_at=due, limit_working_days=spec.limit_working_days,
            )  # fmt: skip
            parts.append(part)
        entry = await record_step(
            case, "parallel_start", case.status, principal, now, calendar,
            details={"co_departments": codes},
        )  # fmt: skip
        await case.save()
        for part, department in zip(parts, departments, strict=True):
            await tell_department(
                case, department.id, "parallel_requested", entry.seq,
                due_at=part.due_at.isoformat(),
            )  # fmt: skip
    return parts


async def answer_part(
    principal: Principal,
    case_id: int,
    part_id: int,
    opinion: Opinion,
    text: str,
    calendar: WorkingCalendar,
    now: datetime,
) -> ParallelPart:
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        part = await ParallelPart.get_or_none(id=part_id, case_id=case.id).select_for_update()
        if part is None or not principal.is_staff:
            raise NotFound("no such part", code="part_not_found")
        if principal.department_id != part.department_id:  # type: ignore[attr-defined]
            raise NotFound("no such part", code="part_not_found")
        if not principal.has_role(StaffRole.HANDLER):
            raise Forbidden("only a handler answers for the department", code="role_required")
        if part.state == PartState.ANSWERED:
            raise Conflict("this part was answered already", code="part_already_answered")
        if case.status not in OPEN_FOR_PARTS:
            raise Conflict("the case is decided already", code="illegal_transition")
        if not text.strip():
            raise ValidationFailed("give the opinion's text", fields={"text": "required"})
        part.state, part.opinion, part.text = PartState.ANSWERED, opinion, text.strip()
        part.answered_by_id, part.answered_at = principal.id, now
        await part.save()
        await deadlines.finish(SUBJECT, part.id, now)
        entry = await record_step(
            case, "parallel_opinion", case.status, principal, now, calendar, note=part.text,
            details={"part_id": part.id, "opinion": opinion.value},
        )  # fmt: skip
        await case.save()
        await tell_department(
            case, case.department_id, "parallel_answered", entry.seq,  # type: ignore[attr-defined]
            opinion="同意" if opinion == Opinion.AGREE else "不同意",
        )  # fmt: skip
    return part


async def require_parts_answered(case: Case) -> None:
    """Called before the lead decides: earlier is a conflict with the parts' state."""
    pending = await ParallelPart.filter(case_id=case.id, state=PartState.PENDING).count()
    if pending:
        raise Conflict(
            f"{pending} co-department(s) have not answered yet", code="parallel_parts_pending"
        )


async def parts_of(principal: Principal, case_id: int) -> tuple[Case, list[ParallelPart]]:
    """The lead and every co-department read all the parts."""
    case = await Case.get_or_none(id=case_id).select_related("department")
    if case is None:
        raise NotFound("no such case")
    parts = list(
        await ParallelPart.filter(case_id=case.id).order_by("id").select_related("department")
    )
    if not principal.is_staff or not (
        principal.may_see_department(case.department_id)  # type: ignore[attr-defined]
        or any(p.department_id == principal.department_id for p in parts)  # type: ignore[attr-defined]
    ):
        raise NotFound("no such case")
    return case, parts


async def my_parts(
    principal: Principal, state: PartState | None, limit: int, offset: int
) -> tuple[list[ParallelPart], int]:
    """A co-department's queue of parts."""
    rows = ParallelPart.filter(department_id=principal.department_id)
    if state is not None:
        rows = rows.filter(state=state)
    total = await rows.count()
    page = (
        await rows.order_by("due_at", "id")
        .offset(offset)
        .limit(limit)
        .select_related("department", "case", "case__department")
    )
    return list(page), total
