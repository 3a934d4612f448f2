"""createTicket on PostgreSQL in ONE statement that commits by itself. The general path
(intake.create_ticket) takes eight round trips: BEGIN, the author's identity, the ticket, its
step, the audit record, the intake office, the screening deadline, COMMIT; on this 2-core
machine each is a kernel send and a wake-up, the most of what createTicket cost (py-spy).

The same rows as the general path, built by the same code (tortoise's own field conversions,
records.snapshot, audit.change_record, deadlines.new_deadline, screening.office_query and
watch_terms), written together: the ticket with the author's identity hash read by the same
statement, its "submitted" step and audit record keyed by the ticket's new id, and the screening
deadline only when an intake office is found. One statement is one transaction: all or none.
What records.step does besides is nothing here: a "submitted" step is not reported to a
dispatching platform (exchange.events.REPORTED_TICKET_STEPS), and a new ticket has no dispatch.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.settings import TicketSettings
from models.tickets import Ticket, TicketTimelineEntry
from workflows import statements
from workflows.audit import change_record
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.supervision.deadlines import new_deadline
from workflows.tickets import screening
from workflows.tickets.records import SUBJECT, snapshot

NEW_ID = "(SELECT id FROM new_ticket)"


async def open_ticket(
    principal: Principal,
    ticket: Ticket,
    now: datetime,
    settings: TicketSettings | None,
    calendar: WorkingCalendar | None,
) -> TicketTimelineEntry:
    """Write the unsaved `ticket` (and what opening it writes); the instance is then as saved.
    Gives the "submitted" step."""
    ticket.index_phone()  # as Ticket.save does
    params: list[Any] = [principal.id]
    head, values, more = statements.insert_parts(
        ticket,
        2,
        {"author_id_hash": "(SELECT id_number_hash FROM citizen WHERE id = $1)"},
    )
    params += more
    parts = [f"WITH new_ticket AS ({head} VALUES ({values}) RETURNING id, author_id_hash)"]

    entry = TicketTimelineEntry(
        at=now,
        kind="submitted",
        actor_kind=principal.actor.kind,
        actor_id=principal.actor.id,
        text=ticket.content,
        attachments=ticket.attachments or [],
        visible_to_citizen=True,
    )
    head, values, more = statements.insert_parts(entry, len(params) + 1, {"ticket_id": NEW_ID})
    params += more
    parts.append(f"new_step AS ({head} VALUES ({values}) RETURNING id)")

    record = change_record(principal.actor, "ticket.submitted", SUBJECT, 0, after=snapshot(ticket))
    computed = {"object_id": "(SELECT id::text FROM new_ticket)"}
    head, values, more = statements.insert_parts(record, len(params) + 1, computed)
    params += more
    parts.append(f"new_audit AS ({head} VALUES ({values}))")

    if settings is not None and calendar is not None:
        office, value = screening.office_query(settings, "postgres", f"${len(params) + 1}")
        params.append(value)
        deadline = new_deadline(
            screening.SCREENING_SUBJECT,
            0,  # both keys come from the statement
            department_id=0,
            **screening.watch_terms(ticket, settings, calendar, now),
        )
        computed = {"subject_id": NEW_ID, "department_id": "office.id"}
        head, values, more = statements.insert_parts(deadline, len(params) + 1, computed)
        params += more
        parts.append(f"office AS ({office})")
        # No office yet (a fresh install): no deadline, as screening.watch_screening.
        parts.append(
            f"new_screening AS ({head} SELECT {values} FROM office WHERE office.id IS NOT NULL)"
        )

    sql = ",\n".join(parts) + (
        "\nSELECT new_ticket.id, new_ticket.author_id_hash, new_step.id AS step_id"
        " FROM new_ticket, new_step"
    )
    _, rows = await statements.connection(Ticket).execute_query(sql, params)
    row = rows[0]
    statements.mark_saved(ticket, row["id"])
    ticket.author_id_hash = row["author_id_hash"]
    entry.ticket_id = ticket.id
    statements.mark_saved(entry, row["step_id"])
    return entry
