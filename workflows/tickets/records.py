"""What every ticket change writes besides the ticket: a timeline step, an audit row, notices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.outbox import RecipientType
from models.tickets import Ticket, TicketTimelineEntry
from workflows.audit import Actor, record_change
from workflows.exchange.events import report_ticket_step
from workflows.outbox import Notice, by_sms, notice_key, to_citizen, to_department

SUBJECT = "ticket"
CONFIDENTIAL_TITLE = "（保密事项）"


def snapshot(ticket: Ticket) -> dict[str, Any]:
    """The state fields an audit row compares; never the content."""
    return {
        "state": ticket.state.value,
        "urgency": ticket.urgency.value if ticket.urgency else None,
        "assigned_department_id": ticket.assigned_department_id,
        "due_at": ticket.due_at.isoformat() if ticket.due_at else None,
        "closure": ticket.closure.value if ticket.closure else None,
        "merged_into_id": ticket.merged_into_id,
    }


async def step(
    ticket: Ticket,
    actor: Actor,
    kind: str,
    now: datetime,
    *,
    before: dict[str, Any] | None = None,
    text: str = "",
    attachments: list[str] | None = None,
    department_id: int | None = None,
    visible_to_citizen: bool = True,
    audit_note: str = "",
) -> TicketTimelineEntry:
    """Append a timeline step and its audit row (inside the caller's transaction)."""
    entry = await TicketTimelineEntry.create(
        ticket=ticket,
        at=now,
        kind=kind,
        actor_kind=actor.kind,
        actor_id=actor.id,
        department_id=department_id,
        text=text,
        attachments=attachments or [],
        visible_to_citizen=visible_to_citizen,
    )
    await record_change(
        actor,
        f"ticket.{kind}",
        SUBJECT,
        ticket.id,
        before=before,
        after=snapshot(ticket),
        note=audit_note,
    )
    await report_ticket_step(ticket, entry)  # a dispatched complaint's platform hears of it
    return entry


def public_title(ticket: Ticket) -> str:
    """The title for messages that may be read outside the handling department (group robots)."""
    return CONFIDENTIAL_TITLE if ticket.confidential else ticket.title


def citizen_notice(ticket: Ticket, event: str, *key: object, **data: Any) -> Notice:
    """A notice to the author: in the mini-program, or by SMS to a caller without an account."""
    if ticket.citizen_id is None:
        return by_sms(
            notice_key(SUBJECT, ticket.id, event, *key, "contact", ticket.id),
            RecipientType.TICKET_CONTACT,
            ticket.id,
            f"ticket_{event}",
            {"ticket_id": ticket.id, "title": ticket.title, **data},
            subject_type=SUBJECT,
            subject_id=ticket.id,
        )
    return to_citizen(
        notice_key(SUBJECT, ticket.id, event, *key, "citizen", ticket.citizen_id),
        ticket.citizen_id,
        f"ticket_{event}",
        {"ticket_id": ticket.id, "title": ticket.title, **data},
        subject_type=SUBJECT,
        subject_id=ticket.id,
    )


async def merged_author_notices(
    ticket: Ticket, event: str, *key: object, **data: Any
) -> list[Notice]:
    """The same notice for the authors of tickets merged into this one (art. 33: they follow
    the lead's progress), each at their own ticket."""
    merged = await Ticket.filter(merged_into_id=ticket.id).order_by("id")
    return [
        citizen_notice(duplicate, event, *key, "lead", ticket.id, lead_id=ticket.id, **data)
        for duplicate in merged
    ]


def department_notice(
    ticket: Ticket, department_id: int, event: str, *key: object, **data: Any
) -> Notice:
    return to_department(
        notice_key(SUBJECT, ticket.id, event, *key, "department", department_id),
        department_id,
        f"ticket_{event}",
        {"ticket_id": ticket.id, "title": public_title(ticket), **data},
        subject_type=SUBJECT,
        subject_id=ticket.id,
    )
