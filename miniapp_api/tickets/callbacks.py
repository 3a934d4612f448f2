"""Callback visits (回访): listCallbackTasks, revealCallbackContact, recordCallback.

A task shows the phone number masked, like every other view; the visitor who is about to dial
asks for it whole, one visit at a time, audited. A task never shows a confidential ticket's
content, and an anonymous ticket has no contact at all (in-app callback only).
"""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.tickets.present import (
    CallbackContact,
    CallbackTask,
    CallbackTaskList,
    task_view,
)
from miniapp_api.tickets.schemas import TicketCallbackIn, VisitIdParams
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets.callbacks import CallbackOutcome, due_visits, record_callback
from workflows.tickets.reveal import reveal_callback_contact

TAGS = ("tickets",)
ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)


table = OperationTable(tags=TAGS, audience="staff", roles=ROLES)


@table.get("/api/staff/callbacks", "listCallbackTasks")
async def list_tasks(principal: Principal, now: datetime) -> CallbackTaskList:
    """Callback visits whose next try is due"""
    visits = await due_visits(principal, now)
    return CallbackTaskList(items=[task_view(visit) for visit in visits])


@table.post(
    "/api/staff/callbacks/{visit_id}/contact-reveal", "revealCallbackContact", errors=(404, 409)
)
async def reveal(principal: Principal, params: VisitIdParams) -> CallbackContact:
    """The complainant's whole phone number, to dial it for this visit (audited)"""
    ticket = await reveal_callback_contact(principal, params.visit_id)
    return CallbackContact(name=ticket.contact_name, phone=ticket.contact_phone)


@table.post(
    "/api/staff/callbacks/{visit_id}/attempts", "recordCallback", status=201, errors=(404, 409)
)
async def record(
    principal: Principal,
    params: VisitIdParams,
    body: TicketCallbackIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> CallbackTask:
    """Record one try: reached or not, and how satisfied (dissatisfied reopens)"""
    outcome = CallbackOutcome(**body.model_dump())
    visit = await record_callback(
        principal,
        params.visit_id,
        outcome,
        settings.tickets,
        calendar,
        now,
    )
    await visit.fetch_related("ticket")
    return task_view(visit)
