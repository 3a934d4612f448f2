"""Merging the same matter raised through several channels (seed 002 art. 33).

Only tickets of the same citizen are merged: the primary's combined timeline then shows the
citizen nothing that is not theirs.
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
        tickets = {
            t_id: await access.load(t_id, for_update=True)
            for t_id in sorted([primary_id, *duplicate_ids])
        }
        primary = tickets[primary_id]
        for ticket in tickets.values():
            if ticket.state not in OPEN_STATES:
                raise Conflict(f"ticket {ticket.id} is no longer open", code="ticket_not_open")
            if ticket.citizen_id != primary.citizen_id:
                raise Conflict(
                    "only tickets of the same citizen can be merged",
                    code="merge_different_citizens",
                )
        notices = []
        for duplicate_id in duplicate_ids:
            duplicate = tickets[duplicate_id]
            before = snapshot(duplicate)
            duplicate.state, duplicate.merged_into_id = TicketState.MERGED, primary.id
            duplicate.closed_at = now
            await duplicate.save()
            await deadlines.finish(SUBJECT, duplicate.id, now)
            await step(
                duplicate, principal.actor, "merged", now, before=before, text=str(primary.id)
            )
            # A confidentiality or anonymity request of any part covers the whole.
            primary.confidential = primary.confidential or duplicate.confidential
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
        await enqueue(notices)
    return primary
