"""Which ticket steps a staff member may take now: the same checks the step functions make
(access.py for who, the state rules of intake, assignment, handling, extensions and merging), so
a page offers only the forms that would succeed. The step functions still check everything."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from models.people import Department
from models.tickets import ExtensionState, Ticket, TicketExtension, TicketState
from workflows.authz import Principal
from workflows.tickets import access
from workflows.tickets.assignment import ASSIGNABLE
from workflows.tickets.handling import HANDLEABLE
from workflows.tickets.intake import OPEN_STATES
from workflows.tickets.rules import utc


class TicketAction(StrEnum):
    SCREEN = "screen"  # 甄别: accept (受理) or refuse (不予受理), intake office
    ASSIGN = "assign"  # 交办 an accepted or returned ticket, intake office
    SIGN = "sign"  # 签收, the assigned department (ends its return window)
    RETURN = "return"  # 退回, the assigned department within its window
    REPLY = "reply"  # 答复
    EXTEND = "extend"  # 延期申请
    CLOSE = "close"  # 办结
    MERGE = "merge"  # merge this ticket into another (lead) ticket, intake office


def available_actions(
    principal: Principal,
    ticket: Ticket,
    extensions: list[TicketExtension],
    now: datetime,
) -> list[TicketAction]:
    now = utc(now)
    actions: list[TicketAction] = []
    intake = principal.has_role(*access.INTAKE_ROLES) and access.supervisor_reaches(
        principal, ticket
    )
    handling = principal.has_role(*access.HANDLING_ROLES) and (
        access.supervisor_reaches(principal, ticket)
        or (principal.is_staff and principal.department_id == ticket.assigned_department_id)
    )
    if intake and ticket.state == TicketState.SUBMITTED:
        actions.append(TicketAction.SCREEN)
    if intake and ticket.state in ASSIGNABLE:
        actions.append(TicketAction.ASSIGN)
    if handling and ticket.state == TicketState.ASSIGNED:
        actions.append(TicketAction.SIGN)
    if (
        handling
        and ticket.state == TicketState.ASSIGNED
        and ticket.return_due_at is not None
        and now <= ticket.return_due_at
    ):
        actions.append(TicketAction.RETURN)
    if handling and ticket.state in HANDLEABLE:
        actions.append(TicketAction.REPLY)
        if _may_extend(ticket, extensions, now):
            actions.append(TicketAction.EXTEND)
        actions.append(TicketAction.CLOSE)
    if intake and ticket.state in OPEN_STATES:
        actions.append(TicketAction.MERGE)
    return actions


def _may_extend(ticket: Ticket, extensions: list[TicketExtension], now: datetime) -> bool:
    if ticket.extension_granted or ticket.due_at is None or now > ticket.due_at:
        return False
    used = {ExtensionState.PENDING, ExtensionState.REJECTED}
    return not any(extension.state in used for extension in extensions)


async def assignable_departments(principal: Principal) -> list[Department]:
    """The departments an intake office may assign to: those within its region."""
    return list(await Department.filter(**principal.department_filter("id")).order_by("name"))
