"""The department's other steps on a case: startSpecialProcedure, endSpecialProcedure (seed 002
art. 11), recordCaseFee, revealDeliveryAddress."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.cases.lifecycle_schemas import (
    FeeIn,
    PostalAddressOut,
    ProcedureEndIn,
    ProcedureIn,
)
from miniapp_api.cases.present import CaseDetail, case_detail
from miniapp_api.cases.schemas import CaseIdParams
from miniapp_api.operations import OperationTable
from models.case_lifecycle import FeeState
from models.cases import Case
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.delivery import reveal_address
from workflows.cases.fees import record_fee
from workflows.cases.procedures import end_procedure, start_procedure

table = OperationTable(tags=("cases",), audience="staff", roles=(StaffRole.HANDLER,))


@table.post(
    "/api/staff/cases/{case_id}/special-procedure",
    "startSpecialProcedure",
    status=201,
    errors=(404, 409),
)
async def start(
    principal: Principal,
    params: CaseIdParams,
    body: ProcedureIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """Start a hearing, inspection, appraisal, expert review or public notice: the clock pauses"""
    await start_procedure(
        principal, params.case_id, body.kind, body.reason, body.limit_working_days, calendar, now
    )
    return await case_detail(await Case.get(id=params.case_id), for_staff=True)


@table.post(
    "/api/staff/cases/{case_id}/special-procedure/end",
    "endSpecialProcedure",
    errors=(404, 409),
)
async def end(
    principal: Principal,
    params: CaseIdParams,
    body: ProcedureEndIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """End the running special procedure: the clock resumes with the days that were left"""
    case = await end_procedure(principal, params.case_id, body.outcome, calendar, now)
    return await case_detail(case, for_staff=True)


@table.post(
    "/api/staff/cases/{case_id}/fee",
    "recordCaseFee",
    roles=(StaffRole.CLERK, StaffRole.HANDLER),
    errors=(404, 409),
)
async def fee(
    principal: Principal,
    params: CaseIdParams,
    body: FeeIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """Record the guide's fee as paid (by what means) or waived (why)"""
    await record_fee(
        principal, params.case_id, FeeState(body.state), calendar, now,
        means=body.means, reference=body.reference, reason=body.reason,
    )  # fmt: skip
    return await case_detail(await Case.get(id=params.case_id), for_staff=True)


@table.post(
    "/api/staff/cases/{case_id}/delivery-address-reveal",
    "revealDeliveryAddress",
    roles=(StaffRole.CLERK, StaffRole.HANDLER),
    errors=(404, 409),
)
async def reveal(principal: Principal, params: CaseIdParams) -> PostalAddressOut:
    """The whole postal address to send the result to (audited; views show it masked)"""
    delivery = await reveal_address(principal, params.case_id)
    return PostalAddressOut(
        address=delivery.address,
        recipient_name=delivery.recipient_name,
        recipient_phone=delivery.recipient_phone,
    )
