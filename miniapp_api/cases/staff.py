"""Cases for staff: registerWalkInCase (clerk), listDepartmentCases, transitionCase."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.cases.present import CaseDetail, CasePage, case_detail, summary
from miniapp_api.cases.schemas import (
    CaseIdParams,
    DepartmentCasesQuery,
    SubmittedOut,
    TransitionIn,
    WalkInCaseIn,
)
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.apply import register_walk_in
from workflows.cases.queries import CaseFilter, department_cases
from workflows.cases.transitions import transition_case

table = OperationTable(tags=("cases",), audience="staff", roles=(StaffRole.CLERK,))
CASE_STAFF = (StaffRole.CLERK, StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


@table.post("/api/staff/cases", "registerWalkInCase", status=201, errors=(404, 409))
async def register(
    principal: Principal,
    body: WalkInCaseIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> SubmittedOut:
    """Register a walk-in application at the window (seed 002 art. 18)"""
    case, secret = await register_walk_in(
        principal,
        body.application(),
        calendar,
        now,
        settings.cases.acceptance_days,
    )
    return SubmittedOut(case=await case_detail(case, for_staff=True), lookup_secret=secret)


@table.get("/api/staff/cases", "listDepartmentCases", roles=CASE_STAFF, errors=(404,))
async def list_department(principal: Principal, query: DepartmentCasesQuery) -> CasePage:
    """The department's cases (supervisors: any department), by status and due date"""
    rows, total = await department_cases(
        principal,
        CaseFilter(
            status=query.status,
            due_before=query.due_before,
            department_id=query.department_id,
            limit=query.limit,
            offset=query.offset,
        ),
    )
    return CasePage(cases=[summary(case) for case in rows], total=total)


@table.post(
    "/api/staff/cases/{case_id}/transitions",
    "transitionCase",
    roles=(StaffRole.CLERK, StaffRole.HANDLER),
    errors=(404, 409, 422),
)
async def transition(
    principal: Principal,
    params: CaseIdParams,
    body: TransitionIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """Move a case: pre_review, accept, refuse, request_correction, start_review, approve, deny,
    deliver
    """
    case = await transition_case(
        principal,
        params.case_id,
        body.action,
        calendar,
        now,
        note=body.note,
        reason=body.reason,
        missing_materials=body.missing_materials,
        proof=body.proof(),
    )
    return await case_detail(case, for_staff=True)
