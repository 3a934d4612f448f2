"""Request and response models of the admin operations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from miniapp_api.fields import RowId
from models.outbox import Channel, OutboxStatus, RecipientType


class YearParams(BaseModel):
    year: int = Field(ge=2004, le=2100)


class NamedDay(BaseModel):
    day: date
    name: str = Field(default="", max_length=50)


class YearScheduleIn(BaseModel):
    holidays: list[NamedDay] = Field(max_length=120)
    workdays: list[NamedDay] = Field(max_length=60)


class YearScheduleOut(BaseModel):
    year: int
    official_schedule_known: bool
    days_off_on_weekdays: list[date]
    working_weekend_days: list[date]
    working_days: int


class OutboxQuery(BaseModel):
    status: OutboxStatus | None = None
    channel: Channel | None = None
    recipient_type: RecipientType | None = None
    recipient_id: RowId | None = None
    template: str | None = Field(default=None, max_length=64)
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)


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
