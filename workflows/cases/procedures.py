"""Special procedures (听证、检验检测、鉴定、专家评审、公示; seed 002 art. 11): they run outside the
promised limit, with their own stated time.

The handler starts one on a case under review, with its kind, reason and limit in working days.
The case's clock pauses as it does for a correction (so supervision does not card the case),
the procedure gets its own deadline (carded when it runs over), and ending it resumes the case's
clock with the days that were left. One at a time; while one runs the case does not move.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.case_lifecycle import ProcedureKind, SpecialProcedure
from models.cases import Case, CaseStatus
from models.people import StaffRole
from workflows.authz import Principal, require_department_access, require_role
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline
from workflows.cases.steps import record_step
from workflows.rows import locked
from workflows.supervision import deadlines

SUBJECT = "case_procedure"
KIND_LABELS: dict[ProcedureKind, str] = {
    ProcedureKind.HEARING: "听证",
    ProcedureKind.INSPECTION: "检验检测",
    ProcedureKind.APPRAISAL: "鉴定",
    ProcedureKind.EXPERT_REVIEW: "专家评审",
    ProcedureKind.PUBLIC_NOTICE: "公示",
}


async def running_procedure(case_id: int) -> SpecialProcedure | None:
    return await SpecialProcedure.get_or_none(case_id=case_id, ended_at=None)


async def refuse_while_running(case: Case) -> None:
    if await running_procedure(case.id) is not None:
        raise Conflict(
            "a special procedure is running: end it first", code="special_procedure_running"
        )


async def start_procedure(
    principal: Principal,
    case_id: int,
    kind: ProcedureKind,
    reason: str,
    limit_working_days: int,
    calendar: WorkingCalendar,
    now: datetime,
) -> SpecialProcedure:
    if not reason.strip():
        raise ValidationFailed("a reason is required", fields={"reason": "required"})
    async with in_transaction():
        case = await _handled_case(principal, case_id)
        if case.status != CaseStatus.UNDER_REVIEW:
            raise Conflict(
                "a special procedure starts only on a case under review",
                code="case_not_under_review",
            )
        await refuse_while_running(case)
        await deadline.pause(case, calendar, now)
        procedure = await SpecialProcedure.create(
            case=case,
            kind=kind,
            reason=reason.strip(),
            limit_working_days=limit_working_days,
            started_at=now,
            due_at=calendar.due_at(now, limit_working_days),
            started_by_id=principal.id,
        )
        await deadlines.watch(
            SUBJECT,
            procedure.id,
            department_id=case.department_id,  # type: ignore[attr-defined]
            title=f"{case.case_no} {case.item_name}（{KIND_LABELS[kind]}）",
            started_at=now,
            due_at=procedure.due_at,
            limit_working_days=limit_working_days,
        )
        await record_step(
            case, "start_special_procedure", case.status, principal, now, calendar,
            note=reason.strip(),
            details={"kind": kind.value, "limit_working_days": limit_working_days,
                     "until": procedure.due_at.isoformat()},
        )  # fmt: skip
        await case.save()
    return procedure


async def end_procedure(
    principal: Principal, case_id: int, outcome: str, calendar: WorkingCalendar, now: datetime
) -> Case:
    async with in_transaction():
        case = await _handled_case(principal, case_id)
        procedure = await SpecialProcedure.select_for_update().get_or_none(
            case_id=case.id, ended_at=None
        )
        if procedure is None:
            raise Conflict("no special procedure is running", code="no_special_procedure")
        await close(procedure, now, outcome)
        await deadline.resume(case, calendar, now)
        await record_step(
            case, "end_special_procedure", case.status, principal, now, calendar,
            note=outcome.strip(), details={"kind": procedure.kind.value},
        )  # fmt: skip
        await case.save()
    return case


async def close(procedure: SpecialProcedure, now: datetime, outcome: str = "") -> None:
    """End it and its own deadline; the caller decides what happens to the case's clock."""
    procedure.ended_at = now
    procedure.outcome = outcome.strip()
    await procedure.save()
    await deadlines.finish(SUBJECT, procedure.id, now)


async def _handled_case(principal: Principal, case_id: int) -> Case:
    case = await locked(Case, case_id, "case")
    require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    require_role(principal, StaffRole.HANDLER)
    return case
