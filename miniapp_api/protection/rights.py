"""The person's rights: getMyPersonalData, requestCorrection (citizen); listCorrections,
decideCorrection (system admin)."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.operations import OperationTable
from miniapp_api.protection.schemas import (
    CorrectionDecisionIn,
    CorrectionIn,
    CorrectionOut,
    CorrectionPage,
    CorrectionParams,
    CorrectionQuery,
    PersonalDataOut,
)
from models.people import StaffRole
from models.protection import CorrectionRequest
from workflows.authz import Principal
from workflows.protection import rights

table = OperationTable(tags=("identity",), audience="citizen")


def _out(request: CorrectionRequest) -> CorrectionOut:
    return CorrectionOut(
        id=request.id,
        citizen_id=request.citizen_id,  # type: ignore[attr-defined]
        field=request.field,
        proposed=request.proposed or "",
        reason=request.reason or "",
        state=request.state,
        answer=request.answer,
        created_at=request.created_at,
        handled_at=request.handled_at,
    )


@table.get("/api/me/personal-data", "getMyPersonalData")
async def personal_data(principal: Principal) -> PersonalDataOut:
    """What personal data is held about me, and the consents I gave (time and scope)"""
    return PersonalDataOut.model_validate(await rights.personal_data(principal))


@table.post("/api/me/personal-data/corrections", "requestCorrection", status=201)
async def request_correction(principal: Principal, body: CorrectionIn) -> CorrectionOut:
    """Ask that personal data held about me be corrected (handled by staff, audited)"""
    return _out(await rights.request_correction(principal, body.field, body.proposed, body.reason))


@table.get("/api/admin/corrections", "listCorrections", audience="staff", roles=(StaffRole.ADMIN,))
async def list_corrections(principal: Principal, query: CorrectionQuery) -> CorrectionPage:
    """Citizens' correction requests, oldest first"""
    return CorrectionPage(
        items=[_out(r) for r in await rights.list_corrections(principal, query.state)]
    )


@table.post(
    "/api/admin/corrections/{request_id}/decision",
    "decideCorrection",
    audience="staff",
    roles=(StaffRole.ADMIN,),
    errors=(404, 409),
)
async def decide(
    principal: Principal, params: CorrectionParams, body: CorrectionDecisionIn, now: datetime
) -> CorrectionOut:
    """Record how a correction request was handled (audited)"""
    request = await rights.decide_correction(
        principal, params.request_id, body.corrected, body.answer, now
    )
    return _out(request)
