"""Request and response models of the security and audit administrators' operations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from miniapp_api.fields import QueryDateTime, RequiredText, RowId
from models.people import StaffRole
from models.protection import CorrectionState


class StaffRolesParams(BaseModel):
    staff_id: RowId


class StaffRolesIn(BaseModel):
    roles: list[StaffRole] = Field(max_length=8)


class StaffRolesOut(BaseModel):
    id: int
    username: str
    roles: list[StaffRole]


class AuditQuery(BaseModel):
    object_type: str | None = Field(default=None, max_length=32)
    object_id: str | None = Field(default=None, max_length=64)
    action: str | None = Field(default=None, max_length=64)
    actor_kind: str | None = Field(default=None, max_length=16)
    actor_id: RowId | None = None
    since: QueryDateTime | None = None
    until: QueryDateTime | None = None
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor_kind: str
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    note: str
    request_id: str
    seq: int | None = Field(description="place in the SM3 chain; null until sealed")
    entry_hash: str | None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    total: int


class ChainCheckOut(BaseModel):
    intact: bool
    checked: int
    unsealed: int
    problems: list[str] = Field(description="each edited entry and each run of deleted entries")


class PersonalDataOut(BaseModel):
    profile: dict[str, Any] = Field(description="masked as in every view")
    records: dict[str, int] = Field(description="how many records of each kind hold your data")
    sms_consents: list[dict[str, Any]] = Field(description="scope, time given, time withdrawn")
    subscription_consents: list[dict[str, Any]] = Field(description="time and templates")


class CorrectionIn(BaseModel):
    field: Literal["real_name", "phone", "id_number", "case_applicant", "ticket_contact", "other"]
    proposed: RequiredText = Field(max_length=100)
    reason: str = Field(default="", max_length=500)


class CorrectionQuery(BaseModel):
    state: CorrectionState | None = None


class CorrectionParams(BaseModel):
    request_id: RowId


class CorrectionDecisionIn(BaseModel):
    corrected: bool
    answer: RequiredText = Field(max_length=500)


class CorrectionOut(BaseModel):
    id: int
    citizen_id: int
    field: str
    proposed: str
    reason: str
    state: CorrectionState
    answer: str
    created_at: datetime
    handled_at: datetime | None


class CorrectionPage(BaseModel):
    items: list[CorrectionOut]
