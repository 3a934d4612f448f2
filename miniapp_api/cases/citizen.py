"""Applications for citizens and anyone with a case number: submitCase, listMyCases, getCase,
resubmitCorrection, lookupProgress."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import KV
from core.settings import Settings
from miniapp_api.cases.present import (
    CaseDetail,
    CasePage,
    Progress,
    case_detail,
    my_cases_page,
    progress,
)
from miniapp_api.cases.schemas import (
    ApplicationIn,
    CaseIdParams,
    CorrectionIn,
    LookupIn,
    MyCasesQuery,
    SubmittedOut,
)
from miniapp_api.client_ip import client_ip
from miniapp_api.operations import OperationTable
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.apply import submit_case
from workflows.cases.lookup import LookupLimits, lookup_progress
from workflows.cases.queries import CaseFilter, citizen_cases, readable_case
from workflows.cases.transitions import resubmit_correction

table = OperationTable(tags=("cases",), audience="citizen")


@table.post("/api/cases", "submitCase", status=201, errors=(404, 409))
async def submit(
    principal: Principal,
    body: ApplicationIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> SubmittedOut:
    """Apply online for an item; answers the case number and a one-time lookup code"""
    case, secret = await submit_case(
        principal,
        body.application(),
        calendar,
        now,
        settings.cases.acceptance_days,
    )
    return SubmittedOut(case=await case_detail(case, for_staff=False), lookup_secret=secret)


@table.get("/api/cases", "listMyCases", response=CasePage)
async def list_mine(principal: Principal, query: MyCasesQuery) -> web.Response:
    """The logged-in citizen's own cases, newest first"""
    rows, total = await citizen_cases(
        principal, CaseFilter(status=query.status, limit=query.limit, offset=query.offset)
    )
    return my_cases_page(rows, total)


@table.get("/api/cases/{case_id}", "getCase", audience="any", errors=(404,))
async def get_case(principal: Principal, params: CaseIdParams) -> CaseDetail:
    """One case with its timeline (its citizen, or staff of its department)"""
    case, records = await readable_case(principal, params.case_id)
    return await case_detail(case, for_staff=principal.is_staff, records=records)


@table.post(
    "/api/cases/{case_id}/correction", "resubmitCorrection", audience="any", errors=(404, 409)
)
async def resubmit(
    principal: Principal,
    params: CaseIdParams,
    body: CorrectionIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> CaseDetail:
    """Hand in every material the correction notice listed; the clock resumes"""
    case = await resubmit_correction(
        principal,
        params.case_id,
        [m.given() for m in body.materials],
        calendar,
        now,
        settings.cases.acceptance_days,
        note=body.note,
    )
    return await case_detail(case, for_staff=principal.is_staff)


@table.post("/api/cases/lookup", "lookupProgress", audience="public", errors=(404, 429))
async def lookup(request: web.Request, body: LookupIn, settings: Settings) -> Progress:
    """Progress of one case by number + lookup code or the applicant's phone last 4"""
    settings = settings.cases
    found = await lookup_progress(
        request.app[KV],
        client_ip(request),
        body.case_no,
        LookupLimits(settings.lookup_per_ip_per_minute, settings.lookup_per_case_per_hour),
        secret=body.secret,
        phone_last4=body.phone_last4,
    )
    return progress(found)
