"""转办 (seed 004 §五(五)): a case or a ticket handed to another department, with a reason.

Only to a department allowed to handle the item (its own, or one listed in ItemHandler), never
to the same one. `[routing] reassign_clock` says whether the clock goes on ("continue") or
starts anew for the new department ("restart"). The new department is alerted; the old one no
longer reaches the matter. A case stays within its county (or below): the target must sit in
the county of the department holding it, or in the holder's own region when that is a city or a
province (a move up is a 转报, workflows/cases/forwarding.py). Departments not yet placed in the
region tree are not checked.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, ValidationFailed
from core.settings import TicketSettings
from models.cases import Case, CaseStatus
from models.catalog import ServiceItem
from models.people import Department, StaffRole
from models.regions import Region, RegionLevel
from models.routing import ParallelPart, Reassignment
from models.supervision import Deadline
from models.tickets import Ticket, TicketState
from workflows.authz import Principal, require_department_access
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline
from workflows.cases.machine import BEFORE_ACCEPTANCE
from workflows.cases.steps import record_step
from workflows.outbox import enqueue
from workflows.regions.tree import code_under
from workflows.routing.common import tell_department
from workflows.routing.posts import allowed_handlers, department_by_code
from workflows.rows import locked
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.records import SUBJECT as TICKET
from workflows.tickets.records import department_notice, public_title, snapshot
from workflows.tickets.records import step as ticket_step
from workflows.tickets.rules import utc, working_due

CLOSED_CASE = frozenset(
    {CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.DELIVERED, CaseStatus.NOT_ACCEPTED}
)
MOVABLE_TICKET = frozenset({TicketState.ASSIGNED, TicketState.IN_HANDLING})


async def _target(department_code: str, current_id: int, allowed: set[int] | None) -> Department:
    target = await department_by_code(department_code)
    if target.id == current_id:
        raise ValidationFailed(
            "the matter is with this department already",
            code="same_department",
            fields={"department_code": "the current department"},
        )
    if allowed is not None and target.id not in allowed:
        raise Conflict(
            "this department is not among the item's handlers",
            code="department_not_allowed",
            fields={"department_code": "not a handler of this item"},
        )
    return target


async def _require_same_county(holder_id: int, target: Department) -> None:
    """转办 moves a case sideways or down within its county, never into another county or up."""
    holder_region = await Department.filter(id=holder_id).values_list("region_node_id", flat=True)
    ids = [holder_region[0] if holder_region else None, target.region_node_id]  # type: ignore[attr-defined]
    if None in ids:
        return
    rows = {r.id: r for r in await Region.filter(id__in=ids)}
    holder, there = rows.get(ids[0]), rows.get(ids[1])
    if holder is None or there is None:
        return
    level = min(holder.level, RegionLevel.COUNTY)
    if not code_under(there.code, holder.code, RegionLevel(level)):
        raise ValidationFailed(
            "转办只能在本县（市、区）范围内；向上级请用转报",
            code="reassign_outside_region",
            fields={"department_code": "outside the case's county"},
        )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationFailed("a reason is required", fields={"reason": "required"})
    return reason.strip()


async def reassign_case(
    principal: Principal,
    case_id: int,
    department_code: str,
    reason: str,
    clock: str,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
) -> Case:
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
        reason = _reason(reason)
        if not principal.has_role(StaffRole.HANDLER, StaffRole.SUPERVISOR):
            raise Forbidden("only the handling department reassigns", code="role_required")
        if case.status in CLOSED_CASE:
            raise Conflict("a decided case is not reassigned", code="case_closed")
        if await ParallelPart.exists(case_id=case.id):
            raise Conflict("a case run in parallel keeps its lead", code="case_in_parallel")
        item = await ServiceItem.get(id=case.item_id)  # type: ignore[attr-defined]
        old_id = case.department_id  # type: ignore[attr-defined]
        allowed = await allowed_handlers(item.id, item.department_id)  # type: ignore[attr-defined]
        target = await _target(department_code, old_id, allowed)
        await _require_same_county(old_id, target)
        case.department_id = target.id  # type: ignore[attr-defined]
        await _move_case_clock(case, clock, calendar, now, acceptance_days)
        await Reassignment.create(
            subject_type="case", subject_id=case.id, from_department_id=old_id,
            to_department_id=target.id, reason=reason, clock=clock,
            by_staff_id=principal.id, at=now,
        )  # fmt: skip
        entry = await record_step(
            case, "reassign", case.status, principal, now, calendar, note=reason,
            details={"to_department": target.code, "clock": clock, "reason": reason},
        )  # fmt: skip
        await case.save()
        await tell_department(
            case, target.id, "reassigned", entry.seq, reason=reason,
            due_at=case.due_at.isoformat() if case.due_at else "",
        )  # fmt: skip
    return case


async def _move_case_clock(
    case: Case, clock: str, calendar: WorkingCalendar, now: datetime, acceptance_days: int
) -> None:
    accepted = case.status not in BEFORE_ACCEPTANCE
    days = case.promised_limit_days if accepted else acceptance_days
    if case.status == CaseStatus.CORRECTION_NEEDED:
        # Paused for the citizen: the new department's clock runs when they come back.
        if clock == "restart":
            case.paused_remaining_days = days
        await Deadline.filter(subject_type=deadline.SUBJECT, subject_id=case.id).update(
            department_id=case.department_id  # type: ignore[attr-defined]
        )
        return
    if clock == "restart":
        if accepted:
            case.accepted_at = now
        await deadline.start(case, calendar, now, days, accepted=accepted)
        return
    # The same due time: only who is watched changes (no new card period).
    current = await deadlines.get(deadline.SUBJECT, case.id)
    await deadlines.watch(
        deadline.SUBJECT,
        case.id,
        department_id=case.department_id,  # type: ignore[attr-defined]
        title=current.title if current else case.item_name,
        started_at=current.started_at if current else now,
        due_at=case.due_at or now,
        limit_working_days=current.limit_working_days if current else days,
    )


async def reassign_ticket(
    principal: Principal,
    ticket_id: int,
    department_code: str,
    reason: str,
    clock: str,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Ticket:
    """The new department gets the ticket as if assigned: its own art. 33 return window."""
    now = utc(now)
    async with in_transaction():
        ticket = await access.for_department(principal, ticket_id)
        reason = _reason(reason)
        if ticket.state not in MOVABLE_TICKET or ticket.assigned_department_id is None:
            raise Conflict("only a ticket in handling is reassigned", code="ticket_not_movable")
        allowed = None
        item = await ServiceItem.get_or_none(code=ticket.item_code) if ticket.item_code else None
        if item is not None:
            allowed = await allowed_handlers(item.id, item.department_id)  # type: ignore[attr-defined]
        old_id = ticket.assigned_department_id
        target = await _target(department_code, old_id, allowed)
        before = snapshot(ticket)
        assert ticket.due_at is not None and ticket.limit_working_days is not None
        if clock == "restart":
            ticket.accepted_at = now
            ticket.due_at = working_due(calendar, now, ticket.limit_working_days)
        ticket.state = TicketState.ASSIGNED
        ticket.assigned_department_id, ticket.assigned_at = target.id, now
        ticket.return_due_at = working_due(calendar, now, settings.return_window_days)
        ticket.department_accepted_at = ticket.department_accepted_by_id = None
        await ticket.save()
        await deadlines.watch(
            TICKET, ticket.id, department_id=target.id, title=public_title(ticket),
            started_at=ticket.accepted_at or now, due_at=ticket.due_at,
            limit_working_days=ticket.limit_working_days,
        )  # fmt: skip
        await Reassignment.create(
            subject_type="ticket", subject_id=ticket.id, from_department_id=old_id,
            to_department_id=target.id, reason=reason, clock=clock,
            by_staff_id=principal.id, at=now,
        )  # fmt: skip
        entry = await ticket_step(
            ticket, principal.actor, "reassigned", now, before=before, text=reason,
            department_id=target.id, visible_to_citizen=False, audit_note=f"clock {clock}",
        )  # fmt: skip
        await enqueue(
            [
                department_notice(
                    ticket, target.id, "reassigned", entry.id, reason=reason,
                    due_at=ticket.due_at.isoformat(),
                    return_due_at=ticket.return_due_at.isoformat(),
                )
            ]
        )  # fmt: skip
    return ticket
