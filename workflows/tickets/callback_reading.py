"""One callback visit as its visitor reads it: the visit, its tries so far (seed 002 art. 34).

The same reach as the worklist and the reveal: a callback role, and the ticket's department
within the account's region; another region's visit is not there for it.
"""

from __future__ import annotations

from core.errors import NotFound
from models.tickets import CallbackAttempt, CallbackVisit
from workflows.authz import Principal, require_role
from workflows.tickets import access


async def visit_for(principal: Principal, visit_id: int) -> CallbackVisit:
    """The visit with its ticket loaded, pending or finished."""
    require_role(principal, *access.CALLBACK_ROLES)
    visit = await CallbackVisit.get_or_none(id=visit_id).prefetch_related("ticket")
    if visit is None or not principal.in_scope(access.ticket_department(visit.ticket)):
        raise NotFound("no such callback visit")
    return visit


async def tries_of(visit: CallbackVisit) -> list[CallbackAttempt]:
    return list(await CallbackAttempt.filter(visit_id=visit.id).order_by("at", "id"))
