"""The applicant withdraws their own case before a decision: withdrawCase."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.cases.lifecycle_schemas import WithdrawIn
from miniapp_api.cases.present import CaseDetail, case_detail
from miniapp_api.cases.schemas import CaseIdParams
from miniapp_api.operations import OperationTable
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.withdrawal import withdraw_case

table = OperationTable(tags=("cases",), audience="citizen")


@table.post("/api/cases/{case_id}/withdrawal", "withdrawCase", errors=(404, 409))
async def withdraw(
    principal: Principal,
    params: CaseIdParams,
    body: WithdrawIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """Withdraw (撤回) your own case before a decision; the department is told"""
    case = await withdraw_case(principal, params.case_id, body.reason, calendar, now)
    return await case_detail(case, for_staff=False)
