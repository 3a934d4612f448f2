"""Shapes of reviewed catalog changes, list-change alignments and announcements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from miniapp_api.fields import RequiredText, RowId
from models.catalog_review import AlignmentState, ChangeState


class PageQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class ChangeQuery(PageQuery):
    state: ChangeState | None = None


class ChangeIdParams(BaseModel):
    change_id: RowId


class ChangeDecisionIn(BaseModel):
    """A rejection gives its reason."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"approve": {"const": False}}, "required": ["approve"]},
            "then": {"properties": {"reason": {"pattern": r"\S"}}, "required": ["reason"]},
        }
    )

    approve: bool
    reason: str = Field(default="", max_length=2000)


class ItemChangeOut(BaseModel):
    id: int
    item_code: str
    item_name: str = Field(description="the published name, not the proposed one")
    state: ChangeState
    base_version: int
    proposed: dict[str, Any] = Field(description="the guide fields as they would be published")
    submitted_by_id: int
    submitted_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    reason: str


class ItemChangePage(BaseModel):
    items: list[ItemChangeOut]


class ListChangeIn(BaseModel):
    department_code: RequiredText = Field(max_length=32)
    list_name: RequiredText = Field(max_length=100, description="e.g. 行政许可事项清单")
    description: str = Field(default="", max_length=5000)
    changed_at: AwareDatetime | None = Field(
        default=None, description="when the list changed; default now"
    )


class AlignmentIdParams(BaseModel):
    alignment_id: RowId


class AlignmentDoneIn(BaseModel):
    note: str = Field(default="", max_length=2000)


class AlignmentQuery(PageQuery):
    state: AlignmentState | None = None


class AlignmentOut(BaseModel):
    id: int
    department_id: int
    list_name: str
    description: str
    list_changed_at: datetime
    due_at: datetime
    state: AlignmentState
    done_at: datetime | None
    done_note: str


class AlignmentPage(BaseModel):
    items: list[AlignmentOut]


class AnnouncementOut(BaseModel):
    id: int
    item_code: str | None
    kind: str
    title: str
    body: str
    published_at: datetime


class AnnouncementPage(BaseModel):
    items: list[AnnouncementOut]
    total: int
