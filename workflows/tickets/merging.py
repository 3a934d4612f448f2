"""Merging the same matter raised several times into one lead ticket (seed 002 art. 33).

"同一投诉建议事项通过不同渠道分别提出的，可以合并处理": the same matter, whoever raised it and
through whichever channel (12345, the mini-program, the window). Every author is told and then
follows the lead's progress; another author's content, contact and identity stay theirs
(access.py shows a merged author the lead's steps without its text). Only open tickets merge,
and only within one department: a ticket with another department is that department's work.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.tickets import Ticket, TicketState
from workflows.authz import Principal, require_role
from workflows.outbox import enqueue
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.intake import OPEN_STATES
from workflows.tickets.records import SUBJECT, citizen_notice, snapshot, step
from workflows.tickets.rules import utc
from workflows.tickets.screening import finish_screening


async def merge_tickets(
    principal: Principal, primary_id: int, duplicate_ids: list[int], now: datetime
) -> Ticket:
    now = utc(now)
    require_role(principal, *access.INTAKE_ROLES)
    if len(set(duplicate_ids)) != len(duplicate_ids):
        raise ValidationFailed(
            "list each duplicate once",
            code="merge_list_invalid",
            fields={"duplicate_ids": "invalid"},
        )
    if primary_id in duplicate_ids:
        # Well-formed, but it names the ticket being merged into: a conflict with the path.
        raise Conflict(
            "a ticket cannot be merged into itself",
            code="merge_list_invalid",
            fields={"duplicate_ids": "not the primary"},
        )
    async with in_transaction():
        # Locked in id order so two concurrent merges cannot deadlock.
        tickets = {}
        for t_id in sorted([primary_id, *duplicate_ids]):
            tickets[t_id] = await access.load(t_id, for_update=True)
            access.require_supervisor_reach(principal, tickets[t_id])
        primary = tickets[primary_id]
        for ticket in tickets.values():
            if ticket.state not in OPEN_STATES:
                raise Conflict(f"ticket {ticket.id} is no longer open", code="ticket_not_open")
            department = ticket.assigned_department_id
            if department is not None and primary.assigned_department_id not in (None, department):
                # Art. 33 merges one matter; two departments handling it is a matter of
                # assignment (return, reassign), not of merging.
                raise ValidationFailed(
                    f"ticket {ticket.id} is with another department",
                    code="merge_other_department",
                    fields={"duplicate_ids": "same department as the lead"},
                )
        notices = []
        for duplicate_id in duplicate_ids:
            duplicate = tickets[duplicate_id]
            before = snapshot(duplicate)
            duplicate.state, duplicate.merged_into_id = TicketState.MERGED, primary.id
            duplicate.closed_at = now
            await duplicate.save()
            await deadlines.finish(SUBJECT, duplicate.id, now)
            await finish_screening(duplicate.id, now)
            await step(
                duplicate, principal.actor, "merged", now, before=before, text=str(primary.id)
            )
            # A confidentiality request of any part covers the whole.
            primary.confidential = primary.confidential or duplicate.confidential
            if duplicate.citizen_id == primary.citizen_id and duplicate.citizen_id is not None:
                primary.anonymous = primary.anonymous or duplicate.anonymous
            notices.append(citizen_notice(duplicate, "merged", primary_id=primary.id))
        await primary.save()
        await step(
            primary,
            principal.actor,
            "merged_in",
            now,
            text=", ".join(str(i) for i in duplicate_ids),
        )
        # The lead's own author is told too when others raised the same matter.
        if any(_author(tickets[d]) != _author(primary) for d in duplicate_ids):
            notices.append(citizen_notice(primary, "merged", "lead", primary_id=primary.id))
        await enqueue(notices)
    return primary


def _author(ticket: Ticket) -> tuple[str, object]:
    if ticket.citizen_id is not None:
        return ("citizen", ticket.citizen_id)
    return ("caller", ticket.contact_phone)
