"""Cases for staff: registerWalkInCase (clerk), listDepartmentCases, transitionCase."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from miniapp_api.case_schemas import (
    CaseIdParams,
    DepartmentCasesQuery,
    SubmittedOut,
    TransitionIn,
    WalkInIn,
)
from miniapp_api.case_views import CaseDetail, CasePage, summary
from miniapp_api.cases_api import case_detail
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.cases.apply import register_walk_in
from workflows.cases.queries import CaseFilter, department_cases
from workflows.cases.transitions import transition_case

table = OperationTable()
CASE_STAFF = (StaffRole.CLERK, StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


@table.operation(
    "POST",
    "/api/staff/cases",
    operation_id="registerWalkInCase",
    tags=("cases",),
    audience="staff",
    roles=(StaffRole.CLERK,),
    summary="Register a walk-in application at the window (seed 002 art. 18)",
    body=WalkInIn,
    response=SubmittedOut,
    status=201,
    errors=(401, 403, 409, 422),
)
async def register(request: web.Request, principal: Principal, body: WalkInIn) -> SubmittedOut:
    calendar = await request.app[CALENDAR].current()
    case, secret = await register_walk_in(
        principal,
        body.application(),
        calendar,
        datetime.now(UTC),
        request.app[SETTINGS].cases.acceptance_days,
    )
    return SubmittedOut(case=await case_detail(case, for_staff=True), lookup_secret=secret)


@table.operation(
    "GET",
    "/api/staff/cases",
    operation_id="listDepartmentCases",
    tags=("cases",),
    audience="staff",
    roles=CASE_STAFF,
    summary="The department's cases (supervisors: any department), by status and due date",
    query=DepartmentCasesQuery,
    response=CasePage,
    errors=(401, 403, 404, 422),
)
async def list_department(
    request: web.Request, principal: Principal, query: DepartmentCasesQuery
) -> CasePage:
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


@table.operation(
    "POST",
    "/api/staff/cases/{case_id}/transitions",
    operation_id="transitionCase",
    tags=("cases",),
    audience="staff",
    roles=(StaffRole.CLERK, StaffRole.HANDLER),
    summary="Move a case: pre_review, accept, refuse, request_correction, start_review, "
    "approve, deny, deliver",
    path_params=CaseIdParams,
    body=TransitionIn,
    response=CaseDetail,
    errors=(401, 403, 404, 409, 422),
)
async def transition(
    request: web.Request, principal: Principal, params: CaseIdParams, body: TransitionIn
) -> CaseDetail:
    calendar = await request.app[CALENDAR].current()
    case = await transition_case(
        principal,
        params.case_id,
        body.action,
        calendar,
        datetime.now(UTC),
        note=body.note,
        reason=body.reason,
        missing_materials=body.missing_materials,
    )
    return await case_detail(case, for_staff=True)
