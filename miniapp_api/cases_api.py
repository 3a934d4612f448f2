"""Applications for citizens and anyone with a case number: submitCase, listMyCases, getCase,
resubmitCorrection, lookupProgress."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from core.appkeys import CALENDAR, KV, SETTINGS
from miniapp_api.case_schemas import (
    ApplicationIn,
    CaseIdParams,
    CorrectionIn,
    LookupIn,
    MyCasesQuery,
    SubmittedOut,
)
from miniapp_api.case_views import CaseDetail, CasePage, Progress, detail, progress, summary
from miniapp_api.client_ip import client_ip
from miniapp_api.operations import OperationTable
from models.cases import Case
from workflows.authz import Principal
from workflows.cases.apply import submit_case
from workflows.cases.lookup import LookupLimits, lookup_progress
from workflows.cases.queries import CaseFilter, case_for, citizen_cases, timeline
from workflows.cases.transitions import resubmit_correction

table = OperationTable()


async def case_detail(case: Case, *, for_staff: bool) -> CaseDetail:
    await case.fetch_related("department")
    return detail(case, await timeline(case), for_staff=for_staff)


@table.operation(
    "POST",
    "/api/cases",
    operation_id="submitCase",
    tags=("cases",),
    audience="citizen",
    summary="Apply online for an item; answers the case number and a one-time lookup code",
    body=ApplicationIn,
    response=SubmittedOut,
    status=201,
    errors=(401, 403, 409, 422),
)
async def submit(request: web.Request, principal: Principal, body: ApplicationIn) -> SubmittedOut:
    calendar = await request.app[CALENDAR].current()
    case, secret = await submit_case(
        principal,
        body.application(),
        calendar,
        datetime.now(UTC),
        request.app[SETTINGS].cases.acceptance_days,
    )
    return SubmittedOut(case=await case_detail(case, for_staff=False), lookup_secret=secret)


@table.operation(
    "GET",
    "/api/cases",
    operation_id="listMyCases",
    tags=("cases",),
    audience="citizen",
    summary="The logged-in citizen's own cases, newest first",
    query=MyCasesQuery,
    response=CasePage,
    errors=(401, 403, 422),
)
async def list_mine(request: web.Request, principal: Principal, query: MyCasesQuery) -> CasePage:
    rows, total = await citizen_cases(
        principal, CaseFilter(status=query.status, limit=query.limit, offset=query.offset)
    )
    for case in rows:
        await case.fetch_related("department")
    return CasePage(cases=[summary(case) for case in rows], total=total)


@table.operation(
    "GET",
    "/api/cases/{case_id}",
    operation_id="getCase",
    tags=("cases",),
    audience="any",
    summary="One case with its timeline (its citizen, or staff of its department)",
    path_params=CaseIdParams,
    response=CaseDetail,
    errors=(401, 404, 422),
)
async def get_case(request: web.Request, principal: Principal, params: CaseIdParams) -> CaseDetail:
    case = await case_for(principal, params.case_id)
    return await case_detail(case, for_staff=principal.is_staff)


@table.operation(
    "POST",
    "/api/cases/{case_id}/correction",
    operation_id="resubmitCorrection",
    tags=("cases",),
    audience="any",
    summary="Hand in every material the correction notice listed; the clock resumes",
    path_params=CaseIdParams,
    body=CorrectionIn,
    response=CaseDetail,
    errors=(401, 403, 404, 409, 422),
)
async def resubmit(
    request: web.Request, principal: Principal, params: CaseIdParams, body: CorrectionIn
) -> CaseDetail:
    calendar = await request.app[CALENDAR].current()
    case = await resubmit_correction(
        principal,
        params.case_id,
        [m.model_dump() for m in body.materials],
        calendar,
        datetime.now(UTC),
        request.app[SETTINGS].cases.acceptance_days,
        note=body.note,
    )
    return await case_detail(case, for_staff=principal.is_staff)


@table.operation(
    "POST",
    "/api/cases/lookup",
    operation_id="lookupProgress",
    tags=("cases",),
    audience="public",
    summary="Progress of one case by number + lookup code or the applicant's phone last 4",
    body=LookupIn,
    response=Progress,
    errors=(404, 422, 429),
)
async def lookup(request: web.Request, body: LookupIn) -> Progress:
    settings = request.app[SETTINGS].cases
    case = await lookup_progress(
        request.app[KV],
        client_ip(request),
        body.case_no,
        LookupLimits(settings.lookup_per_ip_per_minute, settings.lookup_per_case_per_hour),
        secret=body.secret,
        phone_last4=body.phone_last4,
    )
    return progress(case, await timeline(case))
