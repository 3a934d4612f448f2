"""What a ticket looks like to each caller: redacted where confidential, contact masked."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.masking import mask_name, mask_phone
from models.tickets import CallbackVisit, Ticket, TicketExtension, TicketTimelineEntry
from workflows.authz import Principal
from workflows.tickets.access import Visibility
from workflows.tickets.reading import TicketDetail, get_ticket
from workflows.tickets.records import CONFIDENTIAL_TITLE
from workflows.tickets.rules import REFUSAL_TEXTS


class ContactView(BaseModel):
    name: str | None
    phone: str | None
    preference: str


class TimelineEntryView(BaseModel):
    ticket_id: int
    at: datetime
    kind: str
    actor_kind: str
    department_id: int | None
    text: str
    attachments: list[str]


class ExtensionView(BaseModel):
    id: int
    state: str
    working_days: int
    reason: str
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str
    old_due_at: datetime
    new_due_at: datetime | None


class TicketSummary(BaseModel):
    id: int
    column: str
    channel: str = Field(description="wechat, hotline (12345), window, pc, letter, email")
    title: str
    state: str
    urgency: str | None
    due_at: datetime | None
    assigned_department_id: int | None
    confidential: bool
    created_at: datetime


class TicketView(TicketSummary):
    content: str
    content_hidden: bool
    attachments: list[str]
    item_code: str
    case_no: str
    anonymous: bool
    contact: ContactView | None
    refusal_reason: str | None
    refusal_text: str
    limit_working_days: int | None
    accepted_at: datetime | None
    assigned_at: datetime | None
    return_due_at: datetime | None
    department_accepted_at: datetime | None
    department_accepted_by: Literal["staff", "system"] | None
    extension_granted: bool
    closure: str | None
    closure_summary: str
    closed_at: datetime | None
    merged_into_id: int | None
    merged_ticket_ids: list[int]
    timeline: list[TimelineEntryView]
    extensions: list[ExtensionView]


class TicketList(BaseModel):
    items: list[TicketSummary]


def summary(ticket: Ticket, content: bool = True) -> TicketSummary:
    return TicketSummary(
        id=ticket.id,
        column=ticket.column.value,
        channel=ticket.channel.value,
        title=ticket.title if content else CONFIDENTIAL_TITLE,
        state=ticket.state.value,
        urgency=ticket.urgency.value if ticket.urgency else None,
        due_at=ticket.due_at,
        assigned_department_id=ticket.assigned_department_id,
        confidential=ticket.confidential,
        created_at=ticket.created_at,
    )


def contact_view(ticket: Ticket) -> ContactView:
    return ContactView(
        name=mask_name(ticket.contact_name) or None,
        phone=mask_phone(ticket.contact_phone) or None,
        preference=ticket.contact_preference.value,
    )


def _entry(entry: TicketTimelineEntry, seen: Visibility) -> TimelineEntryView:
    return TimelineEntryView(
        ticket_id=entry.ticket_id,
        at=entry.at,
        kind=entry.kind,
        actor_kind=entry.actor_kind,
        department_id=entry.department_id,
        text=entry.text if seen.content else "",
        attachments=entry.attachments if seen.content else [],
    )


def _extension(extension: TicketExtension) -> ExtensionView:
    return ExtensionView.model_validate(extension, from_attributes=True)


def ticket_view(detail: TicketDetail) -> TicketView:
    ticket, seen = detail.ticket, detail.visibility
    accepted_by: Literal["staff", "system"] | None = None
    if ticket.department_accepted_at is not None:
        accepted_by = "system" if ticket.department_accepted_by_id is None else "staff"
    return TicketView(
        **summary(ticket, seen.content).model_dump(),
        content=ticket.content if seen.content else "",
        content_hidden=not seen.content,
        attachments=ticket.attachments if seen.content else [],
        item_code=ticket.item_code,
        case_no=ticket.case_no if seen.content else "",
        anonymous=ticket.anonymous,
        contact=contact_view(ticket) if seen.contact else None,
        refusal_reason=ticket.refusal_reason.value if ticket.refusal_reason else None,
        refusal_text=REFUSAL_TEXTS[ticket.refusal_reason] if ticket.refusal_reason else "",
        limit_working_days=ticket.limit_working_days,
        accepted_at=ticket.accepted_at,
        assigned_at=ticket.assigned_at,
        return_due_at=ticket.return_due_at,
        department_accepted_at=ticket.department_accepted_at,
        department_accepted_by=accepted_by,
        extension_granted=ticket.extension_granted,
        closure=ticket.closure.value if ticket.closure else None,
        closure_summary=ticket.closure_summary if seen.content else "",
        closed_at=ticket.closed_at,
        merged_into_id=ticket.merged_into_id,
        merged_ticket_ids=detail.merged_ticket_ids,
        timeline=[_entry(entry, seen) for entry in detail.timeline],
        extensions=[_extension(item) for item in detail.extensions] if seen.content else [],
    )


class CallbackTask(BaseModel):
    id: int
    ticket_id: int
    column: str
    title: str
    closure: str | None
    closure_summary: str
    state: str
    tries: int
    max_tries: int
    next_try_at: datetime
    window_ends_at: datetime
    satisfaction: str | None
    contact_name: str | None
    contact_phone: str | None = Field(description="masked: revealCallbackContact gives it whole")
    phone_allowed: bool


class CallbackTaskList(BaseModel):
    items: list[CallbackTask]


class CallbackContact(BaseModel):
    name: str
    phone: str


async def ticket_detail(principal: Principal, ticket_id: int) -> TicketView:
    return ticket_view(await get_ticket(principal, ticket_id))


def task_view(visit: CallbackVisit) -> CallbackTask:
    ticket = visit.ticket
    hidden, anonymous = ticket.confidential, ticket.anonymous
    return CallbackTask(
        id=visit.id,
        ticket_id=ticket.id,
        column=ticket.column.value,
        title=CONFIDENTIAL_TITLE if hidden else ticket.title,
        closure=ticket.closure.value if ticket.closure else None,
        closure_summary="" if hidden else ticket.closure_summary,
        state=visit.state.value,
        tries=visit.tries,
        max_tries=visit.max_tries,
        next_try_at=visit.next_try_at,
        window_ends_at=visit.window_ends_at,
        satisfaction=visit.satisfaction.value if visit.satisfaction else None,
        contact_name=None if anonymous else mask_name(ticket.contact_name) or None,
        contact_phone=None if anonymous else mask_phone(ticket.contact_phone) or None,
        phone_allowed=not anonymous and bool(ticket.contact_phone),
    )
