"""How a case's delivery, special procedure and fee are shown; addresses and names masked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from core.masking import mask_name, mask_phone
from models.case_lifecycle import (
    CaseFee,
    DeliveryMethod,
    FeeMeans,
    FeeState,
    ProcedureKind,
    SpecialProcedure,
)
from workflows.cases.procedures import KIND_LABELS
from workflows.cases.queries import LifecycleRecords, lifecycle_records


class CaseDeliveryOut(BaseModel):
    method: DeliveryMethod
    address: str | None = None
    recipient_name: str | None = None
    recipient_phone: str | None = None
    pickup_code: str | None = None  # the applicant's own view only
    tracking_number: str | None = None
    delivered_at: datetime | None = None


class SpecialProcedureOut(BaseModel):
    kind: ProcedureKind
    kind_label: str
    reason: str
    since: datetime
    until: datetime
    limit_working_days: int


class CaseFeeOut(BaseModel):
    amount_cents: int
    state: FeeState
    means: FeeMeans | None = None
    waiver_reason: str = ""


def mask_address(address: str) -> str | None:
    """The first few characters (province, city) and stars: enough to recognise, not to find."""
    if not address:
        return None
    keep = min(6, max(0, len(address) - 4))
    return address[:keep] + "*" * (len(address) - keep)


async def lifecycle_parts(
    case_id: int, *, with_pickup_code: bool, records: LifecycleRecords | None = None
) -> dict[str, Any]:
    """`records`: the case's, if they were read with it (else read here)."""
    if records is None:
        records = await lifecycle_records(case_id)
    delivery, procedure, fee = records.delivery, records.procedure, records.fee
    return {
        "delivery": None
        if delivery is None
        else CaseDeliveryOut(
            method=delivery.method,
            address=mask_address(delivery.address),
            recipient_name=mask_name(delivery.recipient_name) or None,
            recipient_phone=mask_phone(delivery.recipient_phone) or None,
            pickup_code=(delivery.pickup_code or None) if with_pickup_code else None,
            tracking_number=delivery.tracking_number or None,
            delivered_at=delivery.delivered_at,
        ),
        "special_procedure": special_procedure_out(procedure),
        "fee": fee_out(fee),
        "certificate_number": records.certificate_number,
    }


def special_procedure_out(procedure: SpecialProcedure | None) -> SpecialProcedureOut | None:
    if procedure is None:
        return None
    return SpecialProcedureOut(
        kind=procedure.kind,
        kind_label=KIND_LABELS[procedure.kind],
        reason=procedure.reason,
        since=procedure.started_at,
        until=procedure.due_at,
        limit_working_days=procedure.limit_working_days,
    )


def fee_out(fee: CaseFee | None) -> CaseFeeOut | None:
    if fee is None:
        return None
    return CaseFeeOut(
        amount_cents=fee.amount_cents,
        state=fee.state,
        means=fee.means,
        waiver_reason=fee.waiver_reason,
    )
