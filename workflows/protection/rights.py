"""The person's rights (PIPL arts. 44-46): a citizen sees what is held about them and the
consents they gave (with time and scope), and asks for a correction, which staff handle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.masking import mask_id_number, mask_name, mask_phone
from models.audit import AuditRecord
from models.booking import Booking
from models.cases import Case, CaseContactConsent
from models.people import Citizen, StaffRole
from models.protection import CorrectionRequest, CorrectionState
from models.reviews import Review
from models.tickets import Ticket
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.rows import locked

CORRECTABLE = ("real_name", "phone", "id_number", "case_applicant", "ticket_contact", "other")
HANDLERS = (StaffRole.ADMIN,)


async def personal_data(principal: Principal) -> dict[str, Any]:
    """Everything held about the caller, masked as in every view, with their consents."""
    citizen = await Citizen.get(id=principal.id)
    sms = await CaseContactConsent.filter(case__citizen_id=citizen.id).prefetch_related("case")
    subscribed = await AuditRecord.filter(
        action="subscriptions.reported", object_type="citizen", object_id=str(citizen.id)
    ).order_by("id")
    return {
        "profile": {
            "real_name": mask_name(citizen.real_name),
            "phone": mask_phone(citizen.phone),
            "id_number": mask_id_number(citizen.id_number),
            "assurance": citizen.assurance.name,
            "registered_at": citizen.created_at,
        },
        "records": {
            "cases": await Case.filter(citizen_id=citizen.id).count(),
            "tickets": await Ticket.filter(citizen_id=citizen.id).count(),
            "reviews": await Review.filter(citizen_id=citizen.id).count(),
            "bookings": await Booking.filter(citizen_id=citizen.id).count(),
            "correction_requests": await CorrectionRequest.filter(citizen_id=citizen.id).count(),
        },
        "sms_consents": [
            {
                "case_no": consent.case.case_no,
                "scope": consent.scope.value,
                "phone": mask_phone(consent.phone),
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in sms
        ],
        "subscription_consents": [
            {"at": record.at, "templates": list((record.after or {}).get("accepted", []))}
            for record in subscribed
        ],
    }


async def request_correction(
    principal: Principal, field: str, proposed: str, reason: str
) -> CorrectionRequest:
    async with in_transaction():
        request = await CorrectionRequest.create(
            citizen_id=principal.id, field=field, proposed=proposed, reason=reason
        )
        # What is proposed stays in the (encrypted) request, not in the audit trail.
        await record_change(
            principal.actor, "correction.requested", "correction_request", request.id,
            after={"field": field},
        )  # fmt: skip
    return request


async def list_corrections(principal: Principal, state: CorrectionState | None) -> list[Any]:
    require_role(principal, *HANDLERS)
    query = CorrectionRequest.all() if state is None else CorrectionRequest.filter(state=state)
    return await query.order_by("id").limit(200)


async def decide_correction(
    principal: Principal, request_id: int, corrected: bool, answer: str, now: datetime
) -> CorrectionRequest:
    """Staff record how the request was handled (the correction itself is made where the data
    lives, by the feature that owns it); audited."""
    require_role(principal, *HANDLERS)
    async with in_transaction():
        request = await locked(
            CorrectionRequest, request_id, "correction request", error_code="correction_not_found"
        )
        if request.state != CorrectionState.OPEN:
            raise Conflict("this request was already handled", code="correction_handled")
        request.state = CorrectionState.CORRECTED if corrected else CorrectionState.REFUSED
        request.answer, request.handled_by_id, request.handled_at = answer, principal.id, now
        await request.save()
        await record_change(
            principal.actor,
            "correction.handled",
            "correction_request",
            request.id,
            after={"state": request.state.value, "field": request.field},
        )
    return request
