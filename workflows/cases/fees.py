"""Fees the guide declares (seed 002 art. 11: nothing beyond the guide), recorded per case.

The amount is taken from the guide when the case is submitted (a later edit of the guide does not
change it); the department records it paid (by what means, with a reference) or waived (why).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.case_lifecycle import CaseFee, FeeMeans, FeeState
from models.cases import Case, CaseStatus
from models.catalog import ServiceItem
from models.people import StaffRole
from workflows.authz import Principal, require_department_access, require_role
from workflows.calendar import WorkingCalendar
from workflows.cases.steps import record_step
from workflows.rows import locked

CLOSED = frozenset({CaseStatus.WITHDRAWN, CaseStatus.CORRECTION_EXPIRED, CaseStatus.NOT_ACCEPTED})


async def declare(case: Case, item: ServiceItem) -> CaseFee | None:
    """Inside the transaction that creates the case."""
    if item.fee_cents <= 0:
        return None
    return await CaseFee.create(case=case, amount_cents=item.fee_cents)


async def record_fee(
    principal: Principal,
    case_id: int,
    state: FeeState,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    means: FeeMeans | None = None,
    reference: str = "",
    reason: str = "",
) -> CaseFee:
    if state == FeeState.PAID and means is None:
        raise ValidationFailed(
            "say how it was paid", code="fee_means_required", fields={"means": "required"}
        )
    if state == FeeState.WAIVED and not reason.strip():
        raise ValidationFailed(
            "a waiver needs a reason", code="waiver_reason_required", fields={"reason": "required"}
        )
    if state == FeeState.DUE:
        raise ValidationFailed("record paid or waived", fields={"state": "paid or waived"})
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
        require_role(principal, StaffRole.CLERK, StaffRole.HANDLER)
        fee = await CaseFee.select_for_update().get_or_none(case_id=case.id)
        if fee is None:
            raise Conflict("this item's guide declares no fee", code="no_fee_declared")
        if fee.state != FeeState.DUE:
            raise Conflict(f"the fee is already {fee.state.value}", code="fee_already_recorded")
        if case.status in CLOSED:
            raise Conflict("this case is closed", code="case_closed")
        fee.state = state
        fee.means = means if state == FeeState.PAID else None
        fee.reference = reference.strip() if state == FeeState.PAID else ""
        fee.waiver_reason = reason.strip() if state == FeeState.WAIVED else ""
        fee.recorded_at = now
        fee.recorded_by_id = principal.id  # type: ignore[attr-defined]
        await fee.save()
        details: dict[str, object] = {"fee": state.value, "amount_cents": fee.amount_cents}
        if fee.means is not None:
            details["means"] = fee.means.value
        await record_step(
            case, "record_fee", case.status, principal, now, calendar,
            note=fee.waiver_reason, details=details,
        )  # fmt: skip
        await case.save()
    return fee


async def case_fee(case_id: int) -> CaseFee | None:
    return await CaseFee.get_or_none(case_id=case_id)
