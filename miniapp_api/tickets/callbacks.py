"""Callback visits (回访): listCallbackTasks, recordCallback.

A callback visitor must dial the citizen, so a task shows the phone number in full (the only
view that does); it never shows a confidential ticket's content, and an anonymous ticket has no
contact at all (in-app callback only).
"""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.tickets.present import CallbackTask, CallbackTaskList, task_view
from miniapp_api.tickets.schemas import TicketCallbackIn, VisitIdParams
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets.callbacks import CallbackOutcome, due_visits, record_callback

TAGS = ("tickets",)
ROLES = (StaffRole.CALLBACK_VISITOR, StaffRole.SUPERVISOR)


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
