"""The applicant withdraws (撤回) their own case before a decision; the department is told.

After a decision (approved, denied, not accepted) the case runs to its end: 409. Withdrawing
stops the clock and ends a special procedure that was running.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.case_lifecycle import SpecialProcedure
from models.cases import Case, CaseStatus
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline, procedures
from workflows.cases.machine import WITHDRAWABLE
from workflows.cases.steps import record_step
from workflows.outbox import enqueue, notice_key, to_department
from workflows.rows import locked

TEMPLATE = "case_withdrawn"


async def withdraw_case(
    principal: Principal, case_id: int, reason: str, calendar: WorkingCalendar, now: datetime
) -> Case:
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        if not principal.is_citizen or case.citizen_id != principal.id:  # type: ignore[attr-defined]
            raise NotFound("no such case")
        if case.status == CaseStatus.WITHDRAWN:
            raise Conflict("this case is already withdrawn", code="case_already_withdrawn")
        if case.status not in WITHDRAWABLE:
            raise Conflict(
                "a case can be withdrawn only before a decision", code="case_already_decided"
            )
        running = await SpecialProcedure.select_for_update().get_or_none(
            case_id=case.id, ended_at=None
        )
        if running is not None:
            await procedures.close(running, now, "申请人撤回")
        before = case.status
        case.status = CaseStatus.WITHDRAWN
        case.resume_status = None
        await deadline.stop(case, now)
        case.due_at = None
        await record_step(
            case, "withdraw", before, principal, now, calendar, note=reason.strip(),
            details={"reason": reason.strip()} if reason.strip() else {},
        )  # fmt: skip
        await case.save()
        department_id = case.department_id  # type: ignore[attr-defined]
        await enqueue(
            [
                to_department(
                    notice_key("case", case.id, "withdrawn", "department", department_id),
                    department_id,
                    TEMPLATE,
                    {
                        "case_no": case.case_no,
                        "item_name": case.item_name,
                        "reason": reason.strip()[:100] or "未说明",
                    },
                    subject_type="case",
                    subject_id=case.id,
                )
            ]
        )
    return case
