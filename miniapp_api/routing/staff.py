"""Routing for staff: 一窗受理 (receiveAtWindow, dispatchWindowCase, listReceivedByMe,
receiveBundleAtWindow), 代办 (submitOnBehalf), 转办 (reassignCase, reassignTicket) and 并联
(startParallel, answerParallelPart, getParallel, listMyParallelParts)."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.cases.present import CaseDetail, case_detail, summary
from miniapp_api.operations import OperationTable
from miniapp_api.present import DepartmentRef
from miniapp_api.routing.present import (
    BundleStarted,
    OnBehalfOut,
    ParallelOut,
    PartOut,
    PartPage,
    PartWithCase,
    ReassignmentOut,
    ReceivedPage,
    WindowReceipt,
    bundle_progress,
    hall_ref,
    part_out,
    received,
)
from miniapp_api.routing.schemas import (
    CaseIdParams,
    HallBundleParams,
    HallIdParams,
    OnBehalfIn,
    OpinionIn,
    PageQuery,
    ParallelIn,
    PartParams,
    PartsQuery,
    ReassignIn,
    TicketIdParams,
    WindowBundleIn,
    WindowCaseIn,
)
from models.people import Department, StaffRole
from models.routing import Reassignment
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.routing import bundles, on_behalf, parallel, reassign, window

table = OperationTable(tags=("routing",), audience="staff", roles=(StaffRole.CLERK,))
HANDLING = (StaffRole.HANDLER, StaffRole.SUPERVISOR)
CASE_STAFF = (StaffRole.CLERK, StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


@table.post(
    "/api/staff/halls/{hall_id}/window/cases", "receiveAtWindow", status=201, errors=(404, 409)
)
async def receive(
    principal: Principal,
    params: HallIdParams,
    body: WindowCaseIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> WindowReceipt:
    """一窗受理: take an application for any item the hall covers; receipt, the one correction
    notice or dispatch to the back-office department"""
    receipt = await window.receive_at_window(
        principal,
        params.hall_id,
        body.application(),
        list(body.missing_materials),
        calendar,
        now,
        settings.cases.acceptance_days,
    )
    case = receipt.case
    return WindowReceipt(
        case=await case_detail(case, for_staff=True),
        lookup_secret=receipt.lookup_secret,
        hall=hall_ref(receipt.hall),
        received_at=case.submitted_at,
        dispatched=receipt.dispatched,
        correction_materials=list(case.correction_materials) if not receipt.dispatched else [],
    )


@table.post("/api/staff/window/cases/{case_id}/dispatch", "dispatchWindowCase", errors=(404, 409))
async def dispatch(
    principal: Principal, params: CaseIdParams, now: datetime, calendar: WorkingCalendar
) -> CaseDetail:
    """Send a case the window held for correction on to its back-office department"""
    case = await window.dispatch_received(principal, params.case_id, calendar, now)
    return await case_detail(case, for_staff=True)


@table.get(
    "/api/staff/window/received", "listReceivedByMe", roles=(StaffRole.CLERK, StaffRole.HANDLER)
)
async def received_by_me(principal: Principal, query: PageQuery) -> ReceivedPage:
    """What I received at a window or submitted as an agent, with each case's progress"""
    rows, total = await window.received_by(principal, query.limit, query.offset)
    return ReceivedPage(cases=[received(row) for row in rows], total=total)


@table.post(
    "/api/staff/halls/{hall_id}/window/bundles/{code}/applications",
    "receiveBundleAtWindow",
    status=201,
    errors=(404, 409),
)
async def receive_bundle(
    principal: Principal,
    params: HallBundleParams,
    body: WindowBundleIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> BundleStarted:
    """一件事一次办 at the window: one form and one set of materials for a bundle of items"""
    started = await bundles.apply_for_bundle(
        principal,
        params.code,
        body.application(),
        calendar,
        now,
        settings.cases.acceptance_days,
        hall_id=params.hall_id,
    )
    return await started_out(principal, started)


async def started_out(principal: Principal, started: bundles.Started) -> BundleStarted:
    record, members = await bundles.application_for(principal, started.application.id)
    secrets = {m.case.case_no: started.secrets[m.case.id] for m in members if m.case}
    return BundleStarted(application=bundle_progress(record, members), lookup_secrets=secrets)


@table.post(
    "/api/staff/halls/{hall_id}/agent/cases",
    "submitOnBehalf",
    status=201,
    roles=(StaffRole.CLERK, StaffRole.HANDLER),
    errors=(404, 409),
)
async def submit_on_behalf(
    principal: Principal,
    params: HallIdParams,
    body: OnBehalfIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> OnBehalfOut:
    """代办: a township or village agent submits for a citizen, with the citizen's consent"""
    case, secret = await on_behalf.submit_on_behalf(
        principal,
        params.hall_id,
        body.application(),
        body.consent_ref,
        calendar,
        now,
        settings.cases.acceptance_days,
    )
    await case.fetch_related("routing", "routing__hall")
    return OnBehalfOut(
        case=await case_detail(case, for_staff=True),
        lookup_secret=secret,
        hall=hall_ref(case.routing.hall),
        consent_ref=case.routing.consent_ref,
    )


async def _reassignment(subject_type: str, subject_id: int) -> ReassignmentOut:
    row = (
        await Reassignment.filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("-id")
        .select_related("from_department", "to_department")
        .first()
    )
    assert row is not None
    return ReassignmentOut(
        subject_type=subject_type,
        subject_id=subject_id,
        from_department=_ref(row.from_department),
        to_department=_ref(row.to_department),
        reason=row.reason,
        clock=row.clock,
        due_at=None,
        at=row.at,
    )


def _ref(department: Department) -> DepartmentRef:
    return DepartmentRef(code=department.code, name=department.name)


@table.post(
    "/api/staff/cases/{case_id}/reassignments", "reassignCase", roles=HANDLING, errors=(404, 409)
)
async def reassign_case(
    principal: Principal,
    params: CaseIdParams,
    body: ReassignIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> ReassignmentOut:
    """转办: hand the case to another department allowed to handle its item, with a reason"""
    case = await reassign.reassign_case(
        principal,
        params.case_id,
        body.department_code,
        body.reason,
        settings.routing.reassign_clock,
        calendar,
        now,
        settings.cases.acceptance_days,
    )
    out = await _reassignment("case", case.id)
    return out.model_copy(update={"due_at": case.due_at})


@table.post(
    "/api/staff/tickets/{ticket_id}/reassignments",
    "reassignTicket",
    roles=HANDLING,
    errors=(404, 409),
)
async def reassign_ticket(
    principal: Principal,
    params: TicketIdParams,
    body: ReassignIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> ReassignmentOut:
    """转办: hand the ticket to another department, with a reason"""
    ticket = await reassign.reassign_ticket(
        principal,
        params.ticket_id,
        body.department_code,
        body.reason,
        settings.routing.reassign_clock,
        settings.tickets,
        calendar,
        now,
    )
    out = await _reassignment("ticket", ticket.id)
    return out.model_copy(update={"due_at": ticket.due_at})


async def _parallel_view(principal: Principal, case_id: int) -> ParallelOut:
    case, parts = await parallel.parts_of(principal, case_id)
    return ParallelOut(
        case_id=case.id,
        lead=_ref(case.department),
        parts=[part_out(p) for p in parts],
        all_answered=all(p.state.value == "answered" for p in parts),
    )


@table.post(
    "/api/staff/cases/{case_id}/parallel",
    "startParallel",
    status=201,
    roles=(StaffRole.HANDLER,),
    errors=(404, 409),
)
async def start_parallel(
    principal: Principal,
    params: CaseIdParams,
    body: ParallelIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> ParallelOut:
    """并联: the lead department asks co-departments for their opinions, each with its limit"""
    await parallel.start_parallel(
        principal,
        params.case_id,
        [
            parallel.CoDepartment(c.department_code, c.limit_working_days)
            for c in body.co_departments
        ],
        calendar,
        now,
    )
    return await _parallel_view(principal, params.case_id)


@table.post(
    "/api/staff/cases/{case_id}/parallel/{part_id}/opinion",
    "answerParallelPart",
    roles=(StaffRole.HANDLER,),
    errors=(404, 409),
)
async def answer(
    principal: Principal,
    params: PartParams,
    body: OpinionIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> PartOut:
    """A co-department's opinion (agree or disagree, with text) on its part"""
    part = await parallel.answer_part(
        principal, params.case_id, params.part_id, body.opinion, body.text, calendar, now
    )
    await part.fetch_related("department")
    return part_out(part)


@table.get("/api/staff/cases/{case_id}/parallel", "getParallel", roles=CASE_STAFF, errors=(404,))
async def get_parallel(principal: Principal, params: CaseIdParams) -> ParallelOut:
    """The lead and every co-department's part: state, opinion and limit"""
    return await _parallel_view(principal, params.case_id)


@table.get("/api/staff/parallel-parts", "listMyParallelParts", roles=(StaffRole.HANDLER,))
async def my_parts(principal: Principal, query: PartsQuery) -> PartPage:
    """My department's parts of cases run in parallel, the most urgent first"""
    rows, total = await parallel.my_parts(principal, query.state, query.limit, query.offset)
    return PartPage(
        parts=[PartWithCase(**part_out(p).model_dump(), case=summary(p.case)) for p in rows],
        total=total,
    )
