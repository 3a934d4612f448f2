"""The callback visitor's one look at a complainant's whole phone number (seed 002 art. 29).

The worklist shows the number masked; dialling needs it whole, so the visitor asks for it, one
visit at a time, and every reveal is audited (who, when, which visit), as for bad reviews.
"""

from __future__ import annotations

from core.errors import Conflict, NotFound
from core.masking import mask_phone
from models.tickets import CallbackState, CallbackVisit, Ticket
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.tickets import access


async def reveal_callback_contact(principal: Principal, visit_id: int) -> Ticket:
    """The ticket whose contact may be shown whole: a pending visit, a named complainant."""
    require_role(principal, *access.CALLBACK_ROLES)
    visit = await CallbackVisit.get_or_none(id=visit_id)
    if visit is None:
        raise NotFound("no such callback visit")
    if visit.state != CallbackState.PENDING:
        raise Conflict("this callback visit is finished", code="callback_not_pending")
    ticket = await access.load(visit.ticket_id)  # type: ignore[attr-defined]
    if not principal.in_scope(access.ticket_department(ticket)):
        raise NotFound("no such callback visit in your scope")
    # An anonymous complainant is called back in the app only (access.py): nothing to reveal.
    if ticket.anonymous or not ticket.contact_phone:
        raise Conflict("no phone number on record", code="no_phone_on_record")
    # Which number was shown (masked here), of which ticket: the audit admin can tell.
    await record_change(
        principal.actor,
        "callback.contact_revealed",
        "callback_visit",
        visit.id,
        after={"ticket": ticket.id, "phone": mask_phone(ticket.contact_phone)},
    )
    return ticket
