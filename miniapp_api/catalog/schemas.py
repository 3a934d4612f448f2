"""Request and response shapes of the service catalog (items and their guides)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from miniapp_api.fields import RequiredText, RowId
from miniapp_api.files.schemas import MaterialFileRule
from miniapp_api.present import DepartmentRef
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from workflows.catalog.halls import weekly_hours

CODE_PATTERN = r"^[0-9A-Za-z_-]{1,64}$"
LEVEL = "min_assurance"


class Material(BaseModel):
    name: RequiredText = Field(max_length=100)
    basis: str = Field(default="", max_length=500)
    format: str = Field(default="", max_length=50, description="原件/复印件/电子件")
    copies: int = Field(default=1, ge=0, le=50)
    seal: str = Field(default="", max_length=100, description="signature or seal required")
    sample_url: str = Field(default="", max_length=500)
    upload: MaterialFileRule | None = Field(default=None, description="what a file must be")


class GuideStep(BaseModel):
    step: RequiredText = Field(max_length=50)
    description: str = Field(default="", max_length=1000)


class Faq(BaseModel):
    question: RequiredText = Field(max_length=500)
    answer: RequiredText = Field(max_length=2000)


class ItemGuide(BaseModel):
    name: RequiredText = Field(max_length=200)
    item_type: ItemType
    legal_basis: str = Field(default="", max_length=5000)
    online_depth: OnlineDepth
    offline_reason: str = Field(default="", max_length=1000)
    legal_limit_days: int = Field(ge=0, le=365)
    promised_limit_days: int = Field(ge=0, le=365)
    fees: str = Field(default="不收费", max_length=1000)
    fee_cents: int = Field(default=0, ge=0, le=100_000_000, description="the fee in fen; 0: none")
    certificate_name: str = Field(
        default="", max_length=100, description="the e-certificate approval yields; empty: none"
    )
    certificate_valid_days: int | None = Field(
        default=None, ge=1, le=36_500, description="the certificate's validity; null: 长期有效"
    )
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

    department_code: RequiredText = Field(max_length=32)


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


class HallRef(BaseModel):
    id: int = Field(description="the hall_id that listSlots, checkIn and takeWalkInNumber take")
    name: str


class ItemOut(ItemGuide):
    id: int
    code: str
    department: DepartmentRef
    status: ItemStatus
    version: int
    updated_at: datetime
    halls: list[HallRef] = Field(description="the service halls that serve this item")
    pending_change_id: int | None = Field(
        default=None,
        description="upsertItem on a published or suspended item: the draft now awaiting review"
        " (the item shown is still the published version)",
    )

    @classmethod
    def of(cls, item: ServiceItem, halls: list[ServiceHall]) -> ItemOut:
        return cls(
            id=item.id,
            code=item.code,
            department=DepartmentRef(code=item.department.code, name=item.department.name),
            status=item.status,
            version=item.version,
            updated_at=item.updated_at,
            halls=[HallRef(id=hall.id, name=hall.name) for hall in halls],
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
    q: RequiredText = Field(max_length=100)
    department: str | None = Field(default=None, max_length=32)
    limit: int = Field(default=20, ge=1, le=50)


class HallsQuery(BaseModel):
    region: str | None = Field(default=None, max_length=100)
    item_code: str | None = Field(
        default=None, pattern=CODE_PATTERN, description="only halls that serve this item"
    )
    limit: int = Field(default=20, ge=1, le=50)
    offset: int = Field(default=0, ge=0, le=100_000)


class HallIdParams(BaseModel):
    hall_id: RowId


class OpeningPeriod(BaseModel):
    opens: str = Field(description="local time, HH:MM")
    closes: str


class OpeningDay(BaseModel):
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    periods: list[OpeningPeriod]


class Location(BaseModel):
    latitude: float = Field(description="WGS-84 degrees")
    longitude: float


class ServedItem(BaseModel):
    id: int = Field(description="the item_id that listSlots and takeWalkInNumber take")
    code: str
    name: str


class HallOut(BaseModel):
    id: int
    code: str
    name: str
    region: str
    address: str
    phone: str
    opening_hours: list[OpeningDay] = Field(
        description="the weekdays it opens; closed on public holidays, and on an adjusted "
        "working weekend (调休) Monday's hours apply"
    )
    location: Location | None = Field(description="null until the hall's position is recorded")
    department: DepartmentRef = Field(description="the department that runs the hall")
    items: list[ServedItem] = Field(description="published items served at this hall")

    @classmethod
    def of(cls, hall: ServiceHall) -> HallOut:
        location = None
        if hall.latitude is not None and hall.longitude is not None:
            location = Location(latitude=hall.latitude, longitude=hall.longitude)
        return cls(
            id=hall.id,
            code=hall.code,
            name=hall.name,
            region=hall.region,
            address=hall.address,
            phone=hall.phone,
            opening_hours=[
                OpeningDay(
                    day=day,  # type: ignore[arg-type]
                    periods=[
                        OpeningPeriod(opens=f"{start:%H:%M}", closes=f"{end:%H:%M}")
                        for start, end in periods
                    ],
                )
                for day, periods in weekly_hours(hall)
            ],
            location=location,
            department=DepartmentRef(code=hall.department.code, name=hall.department.name),
            items=[ServedItem(id=i.id, code=i.code, name=i.name) for i in hall.items],
        )


class HallPage(BaseModel):
    halls: list[HallOut]
    total: int
