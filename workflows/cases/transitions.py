"""Staff moving a case through the state machine, and the citizen's corrected materials.

Each call locks the case row, checks the move is legal for this caller, and writes the change,
its timeline step, audit record, deadline change and notice in one transaction; an illegal
move raises Conflict and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from models.cases import Case, CaseStatus
from models.catalog import ServiceItem
from models.people import StaffRole
from workflows.authz import Principal, require_department_access
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline, forwarding, procedures
from workflows.cases.apply import check_material_names
from workflows.cases.delivery import DeliveryProof, record_delivery
from workflows.cases.machine import (
    BEFORE_ACCEPTANCE,
    CLERK_CORRECTION_SOURCES,
    RULES,
    CaseAction,
)
from workflows.cases.steps import record_step
from workflows.certificates.issue import issue_for_case
from workflows.files.attach import attach_materials
from workflows.reviews import invitations
from workflows.reviews import links as rating_links
from workflows.routing import bundles, parallel
from workflows.rows import locked


async def transition_case(
    principal: Principal,
    case_id: int,
    action: CaseAction,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    note: str = "",
    reason: str = "",
    missing_materials: list[str] | None = None,
    proof: DeliveryProof | None = None,
) -> Case:
    rule = RULES[action]
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
        if not principal.has_role(*rule.roles):
            raise Forbidden(f"your role may not {action.value} a case", code="role_required")
        before = case.status
        if before not in rule.sources:
            raise Conflict(
                f"a case that is {before.value} cannot {action.value}", code="illegal_transition"
            )
        if before == CaseStatus.UNDER_REVIEW:
            await procedures.refuse_while_running(case)
        if rule.reason_required and not reason.strip():
            raise ValidationFailed("a reason is required", fields={"reason": "required"})
        details: dict[str, object] = {}
        if action == CaseAction.ACCEPT:
            case.accepted_at = now
            await deadline.start(case, calendar, now, case.promised_limit_days, accepted=True)
        elif action == CaseAction.REQUEST_CORRECTION:
            details = await _ask_for_correction(principal, case, missing_materials or [])
            await deadline.pause(case, calendar, now)
        elif action in (CaseAction.REFUSE, CaseAction.APPROVE, CaseAction.DENY):
            if action != CaseAction.REFUSE:
                await parallel.require_parts_answered(case)  # 并联: every co-department first
            case.decision_reason = reason.strip()
            case.decided_at = now
            await deadline.stop(case, now)
            if action == CaseAction.APPROVE:  # the e-certificate, if the guide declares one
                await issue_for_case(principal.actor, case, now, calendar)
        elif action == CaseAction.DELIVER:
            details = await record_delivery(case, proof or DeliveryProof(), now)
            case.delivered_at = now
        if rule.target is not None:
            case.status = rule.target
        if reason.strip():
            details["reason"] = reason.strip()
        await record_step(
            case, action.value, before, principal, now, calendar, note=note, details=details
        )
        await forwarding.return_result(case, principal, now, calendar)  # 转报: result goes down
        await case.save()
        await bundles.member_decided(case, calendar, now)  # 一件事一次办: next member, result
        if case.status in (CaseStatus.DELIVERED, CaseStatus.NOT_ACCEPTED) and case.citizen_id:  # type: ignore[attr-defined]
            await invitations.invite("case", case.id, case.citizen_id, case.item_name, now)  # type: ignore[attr-defined]
        elif case.status in (CaseStatus.DELIVERED, CaseStatus.NOT_ACCEPTED):
            await rating_links.offer_by_sms(case, now)  # a walk-in without an account
    return case


async def _ask_for_correction(
    principal: Principal, case: Case, missing: list[str]
) -> dict[str, object]:
    """一次性告知: ONE notice listing every missing material, each one from the guide."""
    clerk_only = principal.has_role(StaffRole.CLERK) and not principal.has_role(StaffRole.HANDLER)
    if clerk_only and case.status not in CLERK_CORRECTION_SOURCES:
        raise Forbidden("after acceptance only the department asks", code="role_required")
    if case.corrections_requested:
        raise Conflict(
            "the missing materials were already listed once; refuse or decide instead",
            code="correction_already_requested",
        )
    names = list(dict.fromkeys(name.strip() for name in missing if name.strip()))
    if not names:
        raise ValidationFailed(
            "list every missing material", fields={"missing_materials": "required"}
        )
    item = await ServiceItem.get(id=case.item_id)  # type: ignore[attr-defined]
    check_material_names(item, names, "missing_materials")
    case.resume_status = CaseStatus.SUBMITTED if case.status in BEFORE_ACCEPTANCE else case.status
    case.correction_materials = names
    case.corrections_requested += 1
    return {"missing_materials": names}


async def resubmit_correction(
    principal: Principal,
    case_id: int,
    materials: list[dict[str, Any]],
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
    note: str = "",
) -> Case:
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        _may_resubmit(principal, case)
        if case.status != CaseStatus.CORRECTION_NEEDED:
            raise Conflict("this case is not waiting for correction", code="illegal_transition")
        given = {m["name"] for m in materials}
        still_missing = [name for name in case.correction_materials if name not in given]
        if still_missing:
            raise Conflict(
                "hand in every material the notice listed",
                code="materials_still_missing",
                fields={"materials": "missing: " + "、".join(still_missing)},
            )
        item = await ServiceItem.get(id=case.item_id)  # type: ignore[attr-defined]
        check_material_names(item, sorted(given), "materials")
        kept = [m for m in case.materials if m["name"] not in given]
        case.materials = kept + await attach_materials(
            principal, case, materials, now, replacing=True
        )
        before, case.status = case.status, case.resume_status or CaseStatus.SUBMITTED
        case.resume_status = None
        if case.status in BEFORE_ACCEPTANCE:
            # The acceptance period counts from receiving complete materials.
            case.paused_remaining_days = None
            await deadline.start(case, calendar, now, acceptance_days, accepted=False)
        else:
            await deadline.resume(case, calendar, now)
        await record_step(
            case, "resubmit", before, principal, now, calendar, note=note,
            details={"materials": sorted(given)},
        )  # fmt: skip
        await case.save()
    return case


def _may_resubmit(principal: Principal, case: Case) -> None:
    if principal.is_citizen:
        if case.citizen_id != principal.id:  # type: ignore[attr-defined]
            raise NotFound("no such case")
        return
    if principal.has_role(StaffRole.CLERK) and case.registered_by_id == principal.id:  # type: ignore[attr-defined]
        return  # the window that received it takes the corrected materials (一窗受理)
    require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    if not principal.has_role(StaffRole.CLERK, StaffRole.HANDLER):
        raise Forbidden("only clerks and handlers take materials", code="role_required")
