"""Reading tickets: one ticket with its combined timeline, and the lists each audience sees."""

from __future__ import annotations

from dataclasses import dataclass

from models.people import StaffRole
from models.tickets import Ticket, TicketExtension, TicketState, TicketTimelineEntry
from workflows.authz import Principal, require_department_access, require_role
from workflows.tickets import access
from workflows.tickets.access import Visibility

PAGE_LIMIT = 100


@dataclass(frozen=True)
class TicketDetail:
    ticket: Ticket
    visibility: Visibility
    timeline: list[TicketTimelineEntry]
    merged_ticket_ids: list[int]
    extensions: list[TicketExtension]


async def get_ticket(principal: Principal, ticket_id: int) -> TicketDetail:
    ticket = await access.load(ticket_id)
    seen = await access.visibility(principal, ticket)
    merged = await Ticket.filter(merged_into_id=ticket.id).values_list("id", flat=True)
    # Timelines of merged duplicates are shown with the primary's (art. 33); a citizen sees
    # those of their own duplicates only (other authors' matters are theirs).
    shown = list(merged)
    if principal.is_citizen:
        shown = await Ticket.filter(merged_into_id=ticket.id, citizen_id=principal.id).values_list(
            "id", flat=True
        )
    query = TicketTimelineEntry.filter(ticket_id__in=[ticket.id, *shown])
    if not seen.internal_notes:
        query = query.filter(visible_to_citizen=True)
    timeline = await query.order_by("at", "id")
    extensions = (
        await TicketExtension.filter(ticket_id=ticket.id).order_by("id")
        if principal.is_staff
        else []
    )
    return TicketDetail(ticket, seen, list(timeline), list(shown), list(extensions))


async def opened_detail(
    principal: Principal, ticket: Ticket, submitted: TicketTimelineEntry
) -> TicketDetail:
    """What get_ticket would read of a ticket just opened, from what opening it wrote: its one
    step, no merged tickets (none can be merged into a ticket nobody has seen) and no extensions.
    tests/tickets/test_created_answer.py holds it to a following getTicket."""
    seen = await access.visibility(principal, ticket)
    timeline = [submitted] if seen.internal_notes or submitted.visible_to_citizen else []
    return TicketDetail(ticket, seen, timeline, [], [])


async def list_mine(principal: Principal, offset: int) -> list[Ticket]:
    return (
        await Ticket.filter(citizen_id=principal.id)
        .order_by("-id")
        .offset(offset)
        .limit(PAGE_LIMIT)
    )


async def list_department(
    principal: Principal, state: TicketState | None, department_id: int | None, offset: int
) -> list[Ticket]:
    """Staff: their department's tickets; supervisors: every ticket, filterable by department."""
    require_role(principal, *access.HANDLING_ROLES, StaffRole.CLERK)
    query = Ticket.all()
    if principal.supervises:
        if department_id is not None:
            require_department_access(principal, department_id, "department")
            query = query.filter(assigned_department_id=department_id)
        else:
            query = query.filter(access.scope_query(principal))
    else:
        query = query.filter(assigned_department_id=principal.department_id)
    if state is not None:
        query = query.filter(state=state)
    return await query.order_by("due_at", "id").offset(offset).limit(PAGE_LIMIT)
