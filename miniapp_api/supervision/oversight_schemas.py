"""Shapes of urging responses, accountability records and spot checks."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from miniapp_api.fields import QueryBool, RequiredText, RowId
from models.oversight import AccountabilityState, FindingResult


class PageQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class UrgingParams(BaseModel):
    urging_id: RowId


class UrgingQuery(PageQuery):
    unanswered: QueryBool = False


class UrgingResponseIn(BaseModel):
    response: RequiredText = Field(max_length=2000)


class UrgingOut(BaseModel):
    id: int
    deadline_id: int
    department_id: int
    message: str
    respond_by: datetime | None
    responded_at: datetime | None
    response: str
    late: bool = Field(description="answered after respond_by, or unanswered past it")


class UrgingPage(BaseModel):
    items: list[UrgingOut]


class AccountabilityQuery(PageQuery):
    state: AccountabilityState | None = None


class RecordParams(BaseModel):
    record_id: RowId


class AccountabilityCloseIn(BaseModel):
    outcome: RequiredText = Field(max_length=5000, description="what was decided (约谈, 通报 ...)")


class AccountabilityOut(BaseModel):
    id: int
    department_id: int
    period_start: datetime
    period_end: datetime
    red_cards: int
    card_ids: list[int]
    state: AccountabilityState
    outcome: str
    closed_at: datetime | None


class AccountabilityPage(BaseModel):
    items: list[AccountabilityOut]


class SpotCheckIn(BaseModel):
    period_start: AwareDatetime
    period_end: AwareDatetime
    size: int | None = Field(default=None, ge=1, le=500, description="default from config")
    seed: str | None = Field(
        default=None, min_length=1, max_length=64, description="repeat a draw; default random"
    )


class SpotCheckParams(BaseModel):
    check_id: RowId


class FindingParams(BaseModel):
    check_id: RowId
    ticket_id: RowId


class FindingIn(BaseModel):
    """A problem says what it is; the ticket is then reopened for rectification."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"result": {"const": "problem"}}, "required": ["result"]},
            "then": {"properties": {"text": {"pattern": r"\S"}}, "required": ["text"]},
        }
    )

    result: Literal["ok", "problem"]
    text: str = Field(default="", max_length=5000)


class FindingOut(BaseModel):
    ticket_id: int
    result: FindingResult
    text: str
    checked_at: datetime | None


class SpotCheckOut(BaseModel):
    id: int
    period_start: datetime
    period_end: datetime
    seed: str
    sample_size: int
    population: int
    drawn_at: datetime
    findings: list[FindingOut]
