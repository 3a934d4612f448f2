"""Spot checks (抽查) of closed complaints (seed 002 art. 30).

"定期或不定期抽查投诉处理情况，督促有关部门及其工作人员整改并跟踪落实": a supervisor draws a
random sample of the complaints closed in a period, `[supervision] spot_check_size` by
default. The draw is repeatable: the seed is recorded, and the same seed over the same period
draws the same tickets. Each drawn ticket gets a finding, ok or problem with its text.

A problem is to be rectified and followed up ("整改并跟踪落实"), so the ticket is reopened to
its department with a fresh limit, watched and carded like any ticket: a flag alone would
leave nothing to follow up.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, ValidationFailed
from models.oversight import FindingResult, SpotCheck, SpotCheckFinding
from models.people import StaffRole
from models.tickets import Ticket, TicketColumn, TicketState
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.regions.tree import code_under, level_of
from workflows.rows import locked
from workflows.tickets.callbacks import reopen_ticket
from workflows.tickets.rules import utc


def draw(population: list[int], size: int, seed: str) -> list[int]:
    """The sample: the same population (closed ids, sorted) and seed always give the same one."""
    return sorted(random.Random(seed).sample(sorted(population), min(size, len(population))))


async def draw_spot_check(
    principal: Principal,
    period_start: datetime,
    period_end: datetime,
    size: int,
    seed: str | None,
    now: datetime,
) -> SpotCheck:
    require_role(principal, StaffRole.SUPERVISOR)
    try:
        period_start, period_end = utc(period_start), utc(period_end)
    except OverflowError:
        raise ValidationFailed(
            "the period is out of range", code="period_invalid", fields={"period_start": "range"}
        ) from None
    if period_end <= period_start:
        raise ValidationFailed(
            "the period ends after it starts",
            code="period_invalid",
            fields={"period_end": "after period_start"},
        )
    seed = seed or secrets.token_hex(8)
    async with in_transaction():
        closed = await Ticket.filter(
            column=TicketColumn.COMPLAINT,
            state=TicketState.CLOSED,
            closed_at__gte=period_start,
            closed_at__lt=period_end,
            **principal.department_filter("assigned_department_id"),
        ).values_list("id", flat=True)
        sample = draw(list(closed), size, seed)
        check = await SpotCheck.create(
            period_start=period_start,
            period_end=period_end,
            seed=seed,
            sample_size=size,
            population=len(closed),
            drawn_by_id=principal.id,
            drawn_at=utc(now),
            scope_root=principal.scope_root if principal.scope is not None else None,
        )
        await SpotCheckFinding.bulk_create(
            [SpotCheckFinding(spot_check_id=check.id, ticket_id=t) for t in sample]
        )
        await _audit(principal, "spot_check.drawn", check.id, {"seed": seed, "tickets": sample})
    return check


async def findings_of(
    principal: Principal, check_id: int
) -> tuple[SpotCheck, list[SpotCheckFinding]]:
    check = await _visible_check(principal, check_id)
    return check, list(await SpotCheckFinding.filter(spot_check_id=check.id).order_by("ticket_id"))


async def _visible_check(principal: Principal, check_id: int) -> SpotCheck:
    """A check drawn within the caller's region (another county's is not found)."""
    require_role(principal, StaffRole.SUPERVISOR)
    check = await SpotCheck.get_or_none(id=check_id)
    if check is None or not _within(principal, check):
        raise NotFound("no such spot check")
    return check


def _within(principal: Principal, check: SpotCheck) -> bool:
    if principal.scope is None:
        return True
    if check.scope_root is None or principal.scope_root is None:
        return False  # drawn over every region: more than this supervisor may see
    root = principal.scope_root
    return code_under(check.scope_root, root, level_of(root))


async def record_finding(
    principal: Principal,
    check_id: int,
    ticket_id: int,
    result: FindingResult,
    text: str,
    calendar: WorkingCalendar,
    now: datetime,
) -> SpotCheckFinding:
    require_role(principal, StaffRole.SUPERVISOR)
    if result == FindingResult.PENDING:
        raise ValidationFailed("a finding is ok or problem", fields={"result": "ok or problem"})
    if result == FindingResult.PROBLEM and not text.strip():
        raise ValidationFailed(
            "say what the problem is", code="finding_text_required", fields={"text": "required"}
        )
    now = utc(now)
    await _visible_check(principal, check_id)
    async with in_transaction():
        finding = await SpotCheckFinding.select_for_update().get_or_none(
            spot_check_id=check_id, ticket_id=ticket_id
        )
        if finding is None:
            raise NotFound("no such ticket in this spot check")
        if finding.result != FindingResult.PENDING:
            raise Conflict("this ticket was already checked", code="finding_recorded")
        finding.result, finding.text = result, text
        finding.checked_by_id, finding.checked_at = principal.id, now
        await finding.save()
        await _audit(
            principal,
            "spot_check.finding",
            check_id,
            {"ticket_id": ticket_id, "result": result.value},
        )
        if result == FindingResult.PROBLEM:
            ticket = await locked(Ticket, ticket_id, "ticket")
            await reopen_ticket(
                principal.actor, ticket, calendar, now,
                text=f"抽查发现问题：{text}", visible_to_citizen=False, audit_note="spot check",
            )  # fmt: skip
    return finding


async def _audit(principal: Principal, action: str, check_id: int, after: dict) -> None:
    await record_change(principal.actor, action, "spot_check", check_id, after=after)
