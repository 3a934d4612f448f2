"""Request and response shapes of the service catalog (items and their guides)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from miniapp_api.present import DepartmentRef
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem

CODE_PATTERN = r"^[0-9A-Za-z_-]{1,64}$"
LEVEL = "min_assurance"


class Material(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    basis: str = Field(default="", max_length=500)
    format: str = Field(default="", max_length=50, description="原件/复印件/电子件")
    copies: int = Field(default=1, ge=0, le=50)
    seal: str = Field(default="", max_length=100, description="signature or seal required")
    sample_url: str = Field(default="", max_length=500)


class GuideStep(BaseModel):
    step: str = Field(min_length=1, max_length=50)
    description: str = Field(default="", max_length=1000)


class Faq(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=2000)


class ItemGuide(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    item_type: ItemType
    legal_basis: str = Field(default="", max_length=5000)
    online_depth: OnlineDepth
    offline_reason: str = Field(default="", max_length=1000)
    legal_limit_days: int = Field(ge=0, le=365)
    promised_limit_days: int = Field(ge=0, le=365)
    fees: str = Field(default="不收费", max_length=1000)
    conditions: str = Field(default="", max_length=5000)
    materials: list[Material] = Field(default_factory=list, max_length=100)
    process: list[GuideStep] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=5000)
    faq: list[Faq] = Field(default_factory=list, max_length=100)
    themes: list[str] = Field(default_factory=list, max_length=20)
    min_assurance: Literal["L0", "L1", "L2", "L3"] = Field(
        default="L0", description="the least identity level to apply, book or rate by real name"
    )


class ItemIn(ItemGuide):
    """An item's guide as a handler writes it. A window-only item says why it is not online;
    the promised limit is within the legal one and material names are distinct (checked on
    write: JSON Schema cannot compare two fields)."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {
                "properties": {"online_depth": {"const": OnlineDepth.WINDOW_ONLY.value}},
                "required": ["online_depth"],
            },
            "then": {
                "properties": {"offline_reason": {"pattern": r"\S"}},
                "required": ["offline_reason"],
            },
        }
    )

    department_code: str = Field(min_length=1, max_length=32)


class ItemCodeParams(BaseModel):
    code: str = Field(pattern=CODE_PATTERN)


class StatusChangeIn(BaseModel):
    """Suspending or terminating an item needs its reason in `note` (seed 002 art. 13)."""

    # The rule is in the document too: JSON Schema's if/then on the status.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {
                "properties": {"status": {"enum": ["suspended", "terminated"]}},
                "required": ["status"],
            },
            "then": {"properties": {"note": {"pattern": r"\S"}}, "required": ["note"]},
        }
    )

    status: ItemStatus
    note: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _reason(self) -> StatusChangeIn:
        if self.status in (ItemStatus.SUSPENDED, ItemStatus.TERMINATED) and not self.note.strip():
            raise ValueError("suspending or terminating needs the reason in note")
        return self


class ItemOut(ItemGuide):
    id: int
    code: str
    department: DepartmentRef
    status: ItemStatus
    version: int
    updated_at: datetime

    @classmethod
    def of(cls, item: ServiceItem) -> ItemOut:
        return cls(
            id=item.id,
            code=item.code,
            department=DepartmentRef(code=item.department.code, name=item.department.name),
            status=item.status,
            version=item.version,
            updated_at=item.updated_at,
            **{name: getattr(item, name) for name in ItemGuide.model_fields if name != LEVEL},
            min_assurance=item.min_assurance.name,
        )


class ItemSummaryOut(BaseModel):
    id: int
    code: str
    name: str
    department: DepartmentRef
    online_depth: OnlineDepth
    promised_limit_days: int
    themes: list[str]


class ItemPage(BaseModel):
    items: list[ItemSummaryOut]
    total: int


class ListItemsQuery(BaseModel):
    department: str | None = Field(default=None, max_length=32, description="department code")
    theme: str | None = Field(default=None, max_length=50)
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class SearchQuery(BaseModel):
    q: str = Field(min_length=1, max_length=100)
    department: str | None = Field(default=None, max_length=32)
    limit: int = Field(default=20, ge=1, le=50)
