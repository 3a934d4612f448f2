"""Assigning a ticket to a department, its return, and deemed acceptance (seed 002 art. 33)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from core.settings import TicketSettings
from models.people import Department
from models.tickets import Ticket, TicketState
from workflows.audit import Actor
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.records import SUBJECT, department_notice, public_title, snapshot, step
from workflows.tickets.rules import utc, working_due

ASSIGNABLE = frozenset({TicketState.ACCEPTED, TicketState.RETURNED})


async def assign_within(
    principal: Principal,
    ticket: Ticket,
    department: Department | None,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> None:
    """Assign inside the caller's transaction, with the ticket already locked."""
    if department is None or not principal.in_scope(department.id):
        # A supervisor assigns within their region (a county office to its own departments).
        raise NotFound("no such department", code="department_not_found")
    if ticket.state not in ASSIGNABLE:
        raise Conflict(
            "only an accepted or returned ticket can be assigned", code="ticket_not_assignable"
        )
    before = snapshot(ticket)
    ticket.state = TicketState.ASSIGNED
    ticket.assigned_department_id, ticket.assigned_at = department.id, now
    ticket.return_due_at = working_due(calendar, now, settings.return_window_days)
    ticket.department_accepted_at = ticket.department_accepted_by_id = None
    await ticket.save()
    assert ticket.due_at is not None and ticket.limit_working_days is not None
    # The clock keeps running from intake acceptance; only the responsible department changes.
    await deadlines.watch(
        SUBJECT,
        ticket.id,
        department_id=department.id,
        title=public_title(ticket),
        started_at=ticket.accepted_at or now,
        due_at=ticket.due_at,
        limit_working_days=ticket.limit_working_days,
    )
    entry = await step(
        ticket,
        principal.actor,
        "assigned",
        now,
        before=before,
        department_id=department.id,
        text=department.name,
    )
    await enqueue(
        [
            department_notice(
                ticket,
                department.id,
                "assigned",
                entry.id,
                due_at=ticket.due_at.isoformat(),
                return_due_at=ticket.return_due_at.isoformat(),
            )
        ]
    )


async def assign_ticket(
    principal: Principal,
    ticket_id: int,
    department_id: int,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> Ticket:
    now = utc(now)
    async with in_transaction():
        ticket = await access.for_intake(principal, ticket_id)
        department = await Department.get_or_none(id=department_id)
        await assign_within(principal, ticket, department, settings, calendar, now)
    return ticket


async def return_ticket(principal: Principal, ticket_id: int, reason: str, now: datetime) -> Ticket:
    """The department says the ticket is not theirs, within the window (art. 33)."""
    now = utc(now)
    async with in_transaction():
        ticket = await access.for_department(principal, ticket_id)
        if ticket.state != TicketState.ASSIGNED:
            raise Conflict(
                "only a ticket just assigned can be returned", code="ticket_not_returnable"
            )
        assert ticket.return_due_at is not None
        if now > ticket.return_due_at:
            raise Conflict(
                "the return window has passed: the ticket counts as accepted",
                code="return_window_passed",
            )
        before = snapshot(ticket)
        from_department = ticket.assigned_department_id
        ticket.state, ticket.assigned_department_id = TicketState.RETURNED, None
        ticket.return_due_at = None
        await ticket.save()
        intake = ticket.intake_department_id
        assert intake is not None and ticket.due_at and ticket.limit_working_days
        await deadlines.watch(
            SUBJECT,
            ticket.id,
            department_id=intake,
            title=public_title(ticket),
            started_at=ticket.accepted_at or now,
            due_at=ticket.due_at,
            limit_working_days=ticket.limit_working_days,
        )
        entry = await step(
            ticket,
            principal.actor,
            "returned",
            now,
            before=before,
            text=reason,
            department_id=from_department,
            visible_to_citizen=False,
        )
        await enqueue([department_notice(ticket, intake, "returned", entry.id, reason=reason)])
    return ticket


async def accept_assignment(principal: Principal, ticket_id: int, now: datetime) -> Ticket:
    """The department signs for an assigned ticket (签收), ending its return window at once
    (art. 33), so the citizen's progress and the intake office see it is being handled."""
    now = utc(now)
    async with in_transaction():
        ticket = await access.for_department(principal, ticket_id)
        if ticket.state != TicketState.ASSIGNED:
            raise Conflict(
                "only a ticket just assigned can be signed for", code="ticket_not_assigned"
            )
        before = snapshot(ticket)
        await accept_by_acting(principal, ticket, now)
        await ticket.save()
        await step(
            ticket,
            principal.actor,
            "department_accepted",
            now,
            before=before,
            department_id=ticket.assigned_department_id,
        )
    return ticket


async def accept_by_acting(principal: Principal, ticket: Ticket, now: datetime) -> None:
    """A department that handles an assigned ticket (reply, extension, close) has accepted it."""
    if ticket.state == TicketState.ASSIGNED:
        ticket.state = TicketState.IN_HANDLING
        ticket.department_accepted_at, ticket.department_accepted_by_id = now, principal.id


async def deem_accepted(now: datetime) -> int:
    """Worker job: silence past the return window counts as acceptance (art. 33).

    Recorded as accepted by the system at the moment the window closed; returns how many.
    """
    now = utc(now)
    ids = await Ticket.filter(state=TicketState.ASSIGNED, return_due_at__lt=now).values_list(
        "id", flat=True
    )
    done = 0
    for ticket_id in ids:
        async with in_transaction():
            ticket = await access.load(ticket_id, for_update=True)
            # Re-checked under the lock: the department may have acted meanwhile.
            if ticket.state != TicketState.ASSIGNED or not ticket.return_due_at:
                continue
            if ticket.return_due_at >= now:
                continue
            before = snapshot(ticket)
            ticket.state = TicketState.IN_HANDLING
            ticket.department_accepted_at = ticket.return_due_at
            ticket.department_accepted_by_id = None
            await ticket.save()
            await step(
                ticket,
                Actor.system(),
                "deemed_accepted",
                now,
                before=before,
                department_id=ticket.assigned_department_id,
            )
            done += 1
    return done
