"""Request and response models of the tickets operations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from miniapp_api.fields import RequiredText, RowId
from models.tickets import (
    CallbackMethod,
    Closure,
    ContactPreference,
    RefusalReason,
    Satisfaction,
    TicketColumn,
    TicketState,
    Urgency,
)
from workflows.tickets.urging import UrgingMethod


class TicketIdParams(BaseModel):
    ticket_id: RowId


class PageQuery(BaseModel):
    offset: int = Field(default=0, ge=0, le=100_000)


class CreateTicketIn(BaseModel):
    """To be called back by phone, give `contact_phone`; an anonymous ticket cannot ask it."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {
                "properties": {"contact_preference": {"const": ContactPreference.PHONE.value}},
                "required": ["contact_preference"],
            },
            "then": {
                "properties": {"contact_phone": {"minLength": 1}, "anonymous": {"const": False}},
                "required": ["contact_phone"],
            },
        }
    )

    column: TicketColumn
    title: RequiredText = Field(max_length=100)
    content: RequiredText = Field(max_length=5000)
    attachments: list[str] = Field(default_factory=list, max_length=9)
    item_code: str = Field(default="", max_length=64)
    case_no: str = Field(default="", max_length=64)
    contact_name: str = Field(default="", max_length=50)
    contact_phone: str = Field(default="", pattern=r"^(|\+?[0-9][0-9-]{5,18})$")
    contact_preference: ContactPreference = ContactPreference.IN_APP
    anonymous: bool = False
    confidential: bool = Field(default=False, description="keep the content confidential")


class MessageIn(BaseModel):
    text: RequiredText = Field(max_length=5000)
    attachments: list[str] = Field(default_factory=list, max_length=9)


Text = Field(max_length=2000)


class ScreenIn(BaseModel):
    """A refusal (`accept: false`) names its art. 31 `refusal_reason`."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"accept": {"const": False}}, "required": ["accept"]},
            "then": {
                "properties": {"refusal_reason": {"type": "string"}},
                "required": ["refusal_reason"],
            },
        }
    )

    accept: bool
    urgency: Urgency | None = None
    refusal_reason: RefusalReason | None = None
    note: str = Field(default="", max_length=2000)
    department_id: RowId | None = None


class AssignIn(BaseModel):
    department_id: RowId


class ReasonIn(BaseModel):
    reason: RequiredText = Text


class TicketExtensionIn(BaseModel):
    working_days: int = Field(ge=1, le=60)
    reason: RequiredText = Text


class ExtensionIdParams(BaseModel):
    extension_id: RowId


class DecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class ReplyIn(BaseModel):
    text: RequiredText = Field(max_length=5000)
    late_explanation: str = Field(default="", max_length=2000)


class CloseIn(BaseModel):
    closure: Closure
    summary: RequiredText = Field(max_length=5000)
    late_explanation: str = Field(default="", max_length=2000)


class MergeIn(BaseModel):
    duplicate_ids: list[RowId] = Field(
        min_length=1, max_length=20, json_schema_extra={"uniqueItems": True}
    )


class UrgeTicketIn(BaseModel):
    method: UrgingMethod = UrgingMethod.ONLINE
    note: RequiredText = Text


class DepartmentQuery(BaseModel):
    state: TicketState | None = None
    department_id: RowId | None = None
    offset: int = Field(default=0, ge=0, le=100_000)


class VisitIdParams(BaseModel):
    visit_id: RowId


class TicketCallbackIn(BaseModel):
    method: CallbackMethod
    reached: bool
    satisfaction: Satisfaction | None = None
    note: str = Field(default="", max_length=2000)


class TakenTicketIn(BaseModel):
    """A ticket staff took down for a caller (12345 hotline, a letter, the window)."""

    # A WeChat ticket is the citizen's own to open (createTicket).
    channel: Literal["hotline", "window", "pc", "letter", "email"]
    column: TicketColumn
    title: RequiredText = Field(max_length=100)
    content: RequiredText = Field(max_length=5000)
    caller_name: str = Field(default="", max_length=50)
    caller_phone: str = Field(pattern=r"^\+?[0-9][0-9-]{5,18}$")
    item_code: str = Field(default="", max_length=64)
    case_no: str = Field(default="", max_length=64)
    confidential: bool = False
