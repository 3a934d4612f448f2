"""Request and response models of the supervision operations."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from miniapp_api.fields import QueryBool, RequiredText, RowId
from models.supervision import CardColour


class CardQuery(BaseModel):
    colour: CardColour | None = None
    open: QueryBool = True
    department_id: RowId | None = Field(default=None, description="supervisors only")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)


class CardView(BaseModel):
    id: int
    colour: CardColour
    deadline_id: int
    department_id: int
    subject_type: str
    subject_id: int
    title: str
    due_at: datetime
    issued_at: datetime
    acknowledged_by: int | None
    acknowledged_at: datetime | None
    cleared_at: datetime | None


class DepartmentCounts(BaseModel):
    department_id: int
    yellow: int
    red: int


class CardPageOut(BaseModel):
    items: list[CardView]
    total: int
    open_counts: list[DepartmentCounts]


class CardParams(BaseModel):
    card_id: RowId


class DeadlineParams(BaseModel):
    deadline_id: RowId


class UrgeMatterIn(BaseModel):
    message: RequiredText = Field(max_length=500)
    respond_by: datetime | None = None


class UrgingView(BaseModel):
    id: int
    deadline_id: int
    department_id: int
    issued_by: int
    message: str
    respond_by: datetime | None
    created_at: datetime
