"""The outbox seen by staff, and subscription consent reported by the mini-app:
operations listMessages, resendMessage, reportSubscriptions."""

from __future__ import annotations

import functools
from datetime import datetime

from core.notify_templates import TemplateBook, load_templates
from core.settings import Settings
from miniapp_api.admin.schemas import (
    MessageParams,
    OutboxPage,
    OutboxQuery,
    OutboxView,
    SubscriptionQuotaView,
    SubscriptionsIn,
    SubscriptionsOut,
)
from miniapp_api.operations import OperationTable
from models.outbox import OutboxMessage
from models.people import StaffRole
from workflows import outbox_admin, subscriptions
from workflows.authz import Principal

table = OperationTable(
    tags=("notify",), audience="staff", roles=(StaffRole.ADMIN, StaffRole.SUPERVISOR)
)


@functools.lru_cache(maxsize=4)
def _templates(path: str, default_max_tries: int) -> TemplateBook:
    return load_templates(path, default_max_tries)


def _view(message: OutboxMessage) -> OutboxView:
    # Message data may hold personal details: it is not shown here.
    return OutboxView.model_validate(message, from_attributes=True)


@table.get("/api/admin/outbox", "listMessages")
async def list_outbox(principal: Principal, query: OutboxQuery) -> OutboxPage:
    """Outbox messages by status (failed, dead, no_consent, ...), channel or recipient"""
    rows, total = await outbox_admin.list_messages(**query.model_dump())
    return OutboxPage(items=[_view(row) for row in rows], total=total)


@table.post(
    "/api/admin/outbox/{message_id}/resend",
    "resendMessage",
    roles=(StaffRole.ADMIN,),
    errors=(404, 409),
)
async def resend_outbox_message(
    principal: Principal, params: MessageParams, now: datetime
) -> OutboxView:
    """Send a failed, dead, no-consent or cancelled message again"""
    message = await outbox_admin.resend(principal.actor, params.message_id, now)
    return _view(message)


@table.post("/api/me/subscriptions", "reportSubscriptions", audience="citizen", roles=())
async def report_subscriptions(
    principal: Principal, body: SubscriptionsIn, settings: Settings
) -> SubscriptionsOut:
    """Report the templates the citizen accepted in wx.requestSubscribeMessage"""
    notify = settings.notify
    known = _templates(notify.templates_file, notify.default_max_tries).subscribe_template_ids()
    remaining = await subscriptions.report(principal.actor, principal.id, body.results, known)
    return SubscriptionsOut(
        quotas=[
            SubscriptionQuotaView(template_id=t, remaining=n) for t, n in sorted(remaining.items())
        ],
        ignored=sorted(set(body.results) - known),
    )
