"""Who may see and act on a ticket, and how much of it they see (seed 002 art. 29).

- The citizen who opened it sees all of it but internal notes.
- Supervisors (the intake office, 政务服务管理部门) see every ticket of the departments under
  their region, and the tickets no department has yet (the intake pool).
- Staff of the assigned department see its tickets; other departments do not know they exist.
- Callback visitors see tickets with a callback visit. They need the contact to call back but
  not the content: a confidential ticket shows them its contact and nothing of its text.
- Anonymous tickets never show the contact or the author to any staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from core.errors import NotFound
from models.people import StaffRole
from models.tickets import CallbackVisit, Ticket
from workflows.authz import Principal, require_role
from workflows.rows import locked

INTAKE_ROLES = (StaffRole.SUPERVISOR,)
HANDLING_ROLES = (StaffRole.HANDLER, StaffRole.SUPERVISOR)
CALLBACK_ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)


@dataclass(frozen=True)
class Visibility:
    content: bool  # title, text, attachments, replies
    contact: bool  # name and (masked) phone
    internal_notes: bool


def _in_assigned_department(principal: Principal, ticket: Ticket) -> bool:
    return principal.is_staff and principal.department_id == ticket.assigned_department_id


def ticket_department(ticket: Ticket) -> int | None:
    """Whose ticket it is for scope and reports: the assigned department, else the intake one."""
    return ticket.assigned_department_id or ticket.intake_department_id  # type: ignore[attr-defined,no-any-return]


def supervisor_reaches(principal: Principal, ticket: Ticket) -> bool:
    if not principal.supervises:
        return False
    department = ticket_department(ticket)
    return department is None or principal.may_see_department(department)


def require_supervisor_reach(principal: Principal, ticket: Ticket) -> None:
    """An intake office acts on its region's tickets (and the unassigned pool); another
    region's are not there for it."""
    if not supervisor_reaches(principal, ticket):
        raise NotFound("no such ticket")


def scope_query(principal: Principal) -> Q:
    """The tickets a supervisor's list shows: their region's, and the unassigned pool."""
    visible = principal.visible_departments()
    if visible is None:
        return Q()
    ids = sorted(visible)
    return (
        Q(assigned_department_id__in=ids)
        | Q(assigned_department_id=None, intake_department_id__in=ids)
        | Q(assigned_department_id=None, intake_department_id=None)
    )


async def visibility(principal: Principal, ticket: Ticket) -> Visibility:
    """How much of the ticket this caller sees; NotFound if they may not see it at all."""
    if principal.is_citizen:
        if ticket.citizen_id == principal.id:
            return Visibility(content=True, contact=True, internal_notes=False)
        # An author whose ticket was merged into this one follows its progress (art. 33),
        # without another person's words or contact.
        if await Ticket.exists(merged_into_id=ticket.id, citizen_id=principal.id):
            return Visibility(content=False, contact=False, internal_notes=False)
        raise NotFound("no such ticket")
    if supervisor_reaches(principal, ticket) or _in_assigned_department(principal, ticket):
        return Visibility(content=True, contact=not ticket.anonymous, internal_notes=True)
    reaches = principal.in_scope(ticket_department(ticket))
    if (
        principal.has_role(StaffRole.CALLBACK_VISITOR)
        and reaches
        and await CallbackVisit.exists(ticket_id=ticket.id)
    ):
        return Visibility(
            content=not ticket.confidential, contact=not ticket.anonymous, internal_notes=False
        )
    raise NotFound("no such ticket")


async def load(ticket_id: int, *, for_update: bool = False) -> Ticket:
    if for_update:
        return await locked(Ticket, ticket_id, "ticket")
    ticket = await Ticket.get_or_none(id=ticket_id)
    if ticket is None:
        raise NotFound("no such ticket")
    return ticket


async def for_citizen(principal: Principal, ticket_id: int) -> Ticket:
    ticket = await load(ticket_id, for_update=True)
    if not principal.is_citizen or ticket.citizen_id != principal.id:
        raise NotFound("no such ticket")
    return ticket


async def for_department(principal: Principal, ticket_id: int) -> Ticket:
    """A ticket the caller's department handles (supervisors: any), locked for the change."""
    ticket = await load(ticket_id, for_update=True)
    if not (supervisor_reaches(principal, ticket) or _in_assigned_department(principal, ticket)):
        raise NotFound("no such ticket")
    require_role(principal, *HANDLING_ROLES)
    return ticket


async def for_intake(principal: Principal, ticket_id: int) -> Ticket:
    require_role(principal, *INTAKE_ROLES)
    ticket = await load(ticket_id, for_update=True)
    if not supervisor_reaches(principal, ticket):
        raise NotFound("no such ticket in your scope")
    return ticket
