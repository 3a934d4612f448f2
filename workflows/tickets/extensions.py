"""ONE extension per ticket, asked before the due time, no longer than the original limit,
approved by a supervisor (seed 002 art. 32(5))."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict
from models.tickets import ExtensionState, Ticket, TicketExtension
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue
from workflows.rows import locked
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.assignment import accept_by_acting
from workflows.tickets.handling import HANDLEABLE
from workflows.tickets.records import (
    SUBJECT,
    citizen_notice,
    department_notice,
    public_title,
    snapshot,
    step,
)
from workflows.tickets.rules import utc, working_due


async def request_extension(
    principal: Principal, ticket_id: int, working_days: int, reason: str, now: datetime
) -> TicketExtension:
    now = utc(now)
    async with in_transaction():
        ticket = await access.for_department(principal, ticket_id)
        if ticket.state not in HANDLEABLE:
            raise Conflict("this ticket is not being handled", code="ticket_not_in_handling")
        assert ticket.due_at is not None and ticket.limit_working_days is not None
        if now > ticket.due_at:
            raise Conflict(
                "an extension must be asked before the due time", code="extension_after_due"
            )
        if ticket.extension_granted:
            raise Conflict("this ticket already had its one extension", code="extension_used")
        # Art. 32(5) allows ONE application: a rejected one used it.
        if await TicketExtension.exists(ticket_id=ticket.id, state=ExtensionState.REJECTED):
            raise Conflict(
                "this ticket's one extension request was rejected", code="extension_used"
            )
        if await TicketExtension.exists(ticket_id=ticket.id, state=ExtensionState.PENDING):
            raise Conflict("an extension request is already waiting", code="extension_pending")
        # The original limit: the one of this kind of ticket, before any extension.
        if working_days > ticket.limit_working_days:
            raise Conflict(
                f"an extension cannot be longer than the limit of {ticket.limit_working_days}"
                " working days",
                code="extension_too_long",
                fields={"working_days": f"at most {ticket.limit_working_days}"},
            )
        await accept_by_acting(principal, ticket, now)
        await ticket.save()
        extension = await TicketExtension.create(
            ticket=ticket,
            requested_by_id=principal.id,
            requested_at=now,
            working_days=working_days,
            reason=reason,
            old_due_at=ticket.due_at,
        )
        await step(
            ticket,
            principal.actor,
            "extension_requested",
            now,
            text=reason,
            department_id=principal.department_id,
            visible_to_citizen=False,
        )
        if ticket.intake_department_id is not None:
            await enqueue(
                [
                    department_notice(
                        ticket,
                        ticket.intake_department_id,
                        "extension_requested",
                        extension.id,
                        working_days=working_days,
                    )
                ]
            )
    return extension


async def decide_extension(
    principal: Principal,
    extension_id: int,
    approve: bool,
    note: str,
    calendar: WorkingCalendar,
    now: datetime,
) -> TicketExtension:
    now = utc(now)
    require_role(principal, *access.INTAKE_ROLES)
    async with in_transaction():
        extension = await locked(TicketExtension, extension_id, "extension request")
        ticket: Ticket = await access.load(extension.ticket_id, for_update=True)
        access.require_supervisor_reach(principal, ticket)
        if extension.state != ExtensionState.PENDING:
            raise Conflict("this request was already decided", code="extension_decided")
        before = snapshot(ticket)
        extension.decided_by_id, extension.decided_at = principal.id, now
        extension.decision_note = note
        if not approve:
            extension.state = ExtensionState.REJECTED
            await extension.save()
            await step(
                ticket,
                principal.actor,
                "extension_rejected",
                now,
                before=before,
                text=note,
                visible_to_citizen=False,
            )
            return extension
        if ticket.state not in HANDLEABLE or ticket.extension_granted:
            raise Conflict("this ticket can no longer be extended", code="extension_not_possible")
        assert ticket.due_at is not None and ticket.limit_working_days is not None
        assert ticket.assigned_department_id is not None
        ticket.due_at = working_due(calendar, ticket.due_at, extension.working_days)
        ticket.extension_granted = True
        await ticket.save()
        extension.state, extension.new_due_at = ExtensionState.APPROVED, ticket.due_at
        await extension.save()
        await deadlines.watch(
            SUBJECT,
            ticket.id,
            department_id=ticket.assigned_department_id,
            title=public_title(ticket),
            started_at=ticket.accepted_at or now,
            due_at=ticket.due_at,
            limit_working_days=ticket.limit_working_days + extension.working_days,
        )
        await step(ticket, principal.actor, "extended", now, before=before, text=extension.reason)
        await enqueue(
            [
                citizen_notice(
                    ticket,
                    "extended",
                    extension.id,
                    reason=extension.reason,
                    due_at=ticket.due_at.isoformat(),
                )
            ]
        )
    return extension
