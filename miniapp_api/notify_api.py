"""The outbox seen by staff, and subscription consent reported by the mini-app:
operations listMessages, resendMessage, reportSubscriptions."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Literal

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import SETTINGS
from core.notify_templates import TemplateBook, load_templates
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from models.people import StaffRole
from workflows import outbox_admin, subscriptions
from workflows.authz import Principal

table = OperationTable()


@functools.lru_cache(maxsize=4)
def _templates(path: str, default_max_tries: int) -> TemplateBook:
    return load_templates(path, default_max_tries)


class OutboxQuery(BaseModel):
    status: OutboxStatus | None = None
    channel: Channel | None = None
    recipient_type: RecipientType | None = None
    recipient_id: RowId | None = None
    template: str | None = Field(default=None, max_length=64)
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class OutboxView(BaseModel):
    id: int
    dedupe_key: str
    channel: Channel
    template: str
    recipient_type: RecipientType
    recipient_id: int
    subject_type: str
    subject_id: int | None
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    last_error_code: str
    last_error_message: str
    created_at: datetime
    sent_at: datetime | None


class OutboxPage(BaseModel):
    items: list[OutboxView]
    total: int


class MessageParams(BaseModel):
    message_id: RowId


class SubscriptionsIn(BaseModel):
    # What wx.requestSubscribeMessage's success callback gives, per template id.
    results: dict[str, Literal["accept", "reject", "ban", "filter"]] = Field(max_length=20)


class SubscriptionQuotaView(BaseModel):
    template_id: str
    remaining: int


class SubscriptionsOut(BaseModel):
    quotas: list[SubscriptionQuotaView]
    ignored: list[str] = Field(description="template ids this server does not use")


def _view(message: OutboxMessage) -> OutboxView:
    # Message data may hold personal details: it is not shown here.
    return OutboxView.model_validate(message, from_attributes=True)


@table.operation(
    "GET",
    "/api/admin/outbox",
    operation_id="listMessages",
    tags=("notify",),
    audience="staff",
    roles=(StaffRole.ADMIN, StaffRole.SUPERVISOR),
    summary="Outbox messages by status (failed, dead, no_consent, ...), channel or recipient",
    query=OutboxQuery,
    response=OutboxPage,
    errors=(401, 403, 422),
)
async def list_outbox(request: web.Request, principal: Principal, query: OutboxQuery) -> OutboxPage:
    rows, total = await outbox_admin.list_messages(**query.model_dump())
    return OutboxPage(items=[_view(row) for row in rows], total=total)


@table.operation(
    "POST",
    "/api/admin/outbox/{message_id}/resend",
    operation_id="resendMessage",
    tags=("notify",),
    audience="staff",
    roles=(StaffRole.ADMIN,),
    summary="Send a failed, dead, no-consent or cancelled message again",
    path_params=MessageParams,
    response=OutboxView,
    errors=(401, 403, 404, 409, 422),
)
async def resend_outbox_message(
    request: web.Request, principal: Principal, params: MessageParams
) -> OutboxView:
    message = await outbox_admin.resend(principal.actor, params.message_id, datetime.now(UTC))
    return _view(message)


@table.operation(
    "POST",
    "/api/me/subscriptions",
    operation_id="reportSubscriptions",
    tags=("notify",),
    audience="citizen",
    summary="Report the templates the citizen accepted in wx.requestSubscribeMessage",
    body=SubscriptionsIn,
    response=SubscriptionsOut,
    errors=(401, 422),
)
async def report_subscriptions(
    request: web.Request, principal: Principal, body: SubscriptionsIn
) -> SubscriptionsOut:
    notify = request.app[SETTINGS].notify
    known = _templates(notify.templates_file, notify.default_max_tries).subscribe_template_ids()
    remaining = await subscriptions.report(principal.actor, principal.id, body.results, known)
    return SubscriptionsOut(
        quotas=[
            SubscriptionQuotaView(template_id=t, remaining=n) for t, n in sorted(remaining.items())
        ],
        ignored=sorted(set(body.results) - known),
    )
