"""Callback visits (回访): listCallbackTasks, recordCallback.

A callback visitor must dial the citizen, so a task shows the phone number in full (the only
view that does); it never shows a confidential ticket's content, and an anonymous ticket has no
contact at all (in-app callback only).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from core.masking import mask_name
from core.settings import Settings
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from models.tickets import CallbackMethod, CallbackVisit, Satisfaction
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets.callbacks import CallbackOutcome, due_visits, record_callback
from workflows.tickets.records import CONFIDENTIAL_TITLE

TAGS = ("tickets",)
ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)


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
    contact_phone: str | None
    phone_allowed: bool


class CallbackTaskList(BaseModel):
    items: list[CallbackTask]


class VisitIdParams(BaseModel):
    visit_id: RowId


class CallbackIn(BaseModel):
    method: CallbackMethod
    reached: bool
    satisfaction: Satisfaction | None = None
    note: str = Field(default="", max_length=2000)


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
        contact_phone=None if anonymous else ticket.contact_phone or None,
        phone_allowed=not anonymous and bool(ticket.contact_phone),
    )


table = OperationTable(tags=TAGS, audience="staff", roles=ROLES)


@table.get("/api/staff/callbacks", "listCallbackTasks")
async def list_tasks(principal: Principal, now: datetime) -> CallbackTaskList:
    """Callback visits whose next try is due"""
    visits = await due_visits(principal, now)
    return CallbackTaskList(items=[task_view(visit) for visit in visits])


@table.post(
    "/api/staff/callbacks/{visit_id}/attempts", "recordCallback", status=201, errors=(404, 409)
)
async def record(
    principal: Principal,
    params: VisitIdParams,
    body: CallbackIn,
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
