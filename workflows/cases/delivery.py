"""Delivery of the result (送达, seed 001 §三(三)2): the method the applicant chose when applying,
and the proof the `deliver` step records.

Window pick-up: a pick-up code shown to the applicant only, checked at the window. Post: the
address given when applying, and the tracking number when sent. Electronic: the e-certificate
(or the decision) in the mini-program.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from core.errors import Conflict, NotFound, ValidationFailed
from models.case_lifecycle import CaseDelivery, DeliveryMethod
from models.cases import Case
from models.certificates import Certificate
from models.people import StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role


@dataclass(frozen=True)
class DeliveryChoice:
    method: DeliveryMethod
    address: str = ""
    recipient_name: str = ""
    recipient_phone: str = ""


@dataclass(frozen=True)
class DeliveryProof:
    method: DeliveryMethod | None = None  # None: whatever was chosen
    pickup_code: str = ""
    tracking_number: str = ""


def new_pickup_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


async def choose(case: Case, choice: DeliveryChoice | None) -> CaseDelivery | None:
    """Kept with the case when it is created; call inside its transaction."""
    if choice is None:
        return None
    if choice.method == DeliveryMethod.POST and not choice.address.strip():
        raise ValidationFailed(
            "posting the result needs an address",
            code="delivery_address_required",
            fields={"delivery.address": "required"},
        )
    post = choice.method == DeliveryMethod.POST
    return await CaseDelivery.create(
        case=case,
        method=choice.method,
        address=choice.address.strip() if post else "",
        recipient_name=choice.recipient_name.strip() if post else "",
        recipient_phone=choice.recipient_phone.strip() if post else "",
        pickup_code=new_pickup_code() if choice.method == DeliveryMethod.WINDOW else "",
    )


async def pickup_code_for_receipt(case_id: int) -> str:
    """The window pick-up code, for the walk-in applicant's first printed receipt only: the
    registering request hands it over once; no staff view reads it."""
    code = (
        await CaseDelivery.filter(case_id=case_id, method=DeliveryMethod.WINDOW)
        .first()
        .values_list("pickup_code", flat=True)
    )
    return str(code or "")


async def record_delivery(case: Case, proof: DeliveryProof, now: datetime) -> dict[str, object]:
    """Check the proof against the chosen method and keep it; the details for the timeline.
    A case whose applicant chose nothing (older cases) is delivered as before."""
    delivery = await CaseDelivery.select_for_update().get_or_none(case_id=case.id)
    if delivery is None:
        if proof.method is not None:
            raise Conflict(
                "no delivery method was chosen for this case", code="delivery_method_mismatch"
            )
        return {}
    if proof.method is not None and proof.method != delivery.method:
        raise Conflict(
            f"the applicant chose {delivery.method.value} delivery",
            code="delivery_method_mismatch",
        )
    kept: dict[str, object] = {"method": delivery.method.value}
    if delivery.method == DeliveryMethod.WINDOW:
        if not proof.pickup_code:
            raise ValidationFailed(
                "the applicant's pick-up code is required",
                code="pickup_code_required",
                fields={"pickup_code": "required"},
            )
        if not hmac.compare_digest(proof.pickup_code.encode(), delivery.pickup_code.encode()):
            raise ValidationFailed(
                "the pick-up code does not match",
                code="pickup_code_mismatch",
                fields={"pickup_code": "does not match"},
            )
        kept["pickup_code_matched"] = True
    elif delivery.method == DeliveryMethod.POST:
        if not proof.tracking_number.strip():
            raise ValidationFailed(
                "posting needs the tracking number",
                code="tracking_number_required",
                fields={"tracking_number": "required"},
            )
        delivery.tracking_number = proof.tracking_number.strip()
        kept["tracking_number"] = delivery.tracking_number
    else:
        certificate = await Certificate.get_or_none(case_id=case.id)
        kept["electronic"] = certificate.number if certificate else "decision"
    delivery.delivered_at = now
    delivery.proof = kept
    await delivery.save()
    return {"delivery": kept}


async def case_delivery(case_id: int) -> CaseDelivery | None:
    return await CaseDelivery.get_or_none(case_id=case_id)


async def reveal_address(principal: Principal, case_id: int) -> CaseDelivery:
    """The department's one look at the whole postal address, to post the result; audited.
    Every view shows it masked."""
    case = await Case.get_or_none(id=case_id)
    if case is None:
        raise NotFound("no such case")
    require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    require_role(principal, StaffRole.CLERK, StaffRole.HANDLER)
    delivery = await CaseDelivery.get_or_none(case_id=case.id)
    if delivery is None or delivery.method != DeliveryMethod.POST:
        raise Conflict("this case is not delivered by post", code="no_postal_address")
    await record_change(principal.actor, "case.delivery_address_revealed", "case", case.id)
    return delivery
