"""The province's items and complaints in our words: with outbound_map.py the one place (plus
[exchange] config) a deployment whose province names fields differently changes.

The request models carry the province's field names as aliases, so the API validates (and its
OpenAPI document shows) exactly what the province sends; the functions below turn them into
our fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from models.catalog import ItemType, OnlineDepth
from models.exchange import ComplaintSource
from models.tickets import TicketColumn

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]
Text = Annotated[str, StringConstraints(max_length=2000)]


class _Province(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False)


class ProvinceMaterial(_Province):
    name: str = Field(alias="materialName", min_length=1, max_length=100, pattern=r"\S")
    basis: str = Field(default="", alias="materialBasis", max_length=500)
    format: str = Field(default="", alias="materialFormat", max_length=50)
    copies: int = Field(default=1, alias="copies", ge=0, le=50)
    seal: str = Field(default="", alias="sealRequirement", max_length=100)
    sample_url: str = Field(default="", alias="sampleUrl", max_length=500)


class ProvinceStep(_Province):
    step: str = Field(alias="stepName", min_length=1, max_length=50, pattern=r"\S")
    description: str = Field(default="", alias="stepDesc", max_length=1000)


class ProvinceItemIn(_Province):
    """One item of the provincial catalog (统一事项管理系统, seed 002 art. 8), as it pushes it."""

    code: Code = Field(alias="taskCode", description="provincial code (统一编码)")
    version: int = Field(alias="taskVersion", ge=1, le=2_000_000_000)
    state: Literal["active", "withdrawn"] = Field(alias="taskState")
    name: str | None = Field(default=None, alias="taskName", min_length=1, max_length=200)
    item_type: ItemType | None = Field(default=None, alias="taskType")
    department_code: Code | None = Field(default=None, alias="deptCode")
    legal_basis: Text = Field(default="", alias="setBasis")
    online_depth: OnlineDepth | None = Field(default=None, alias="onlineDepth")
    offline_reason: Text = Field(default="", alias="offlineReason")
    legal_limit_days: int | None = Field(default=None, alias="legalLimit", ge=0, le=3650)
    promised_limit_days: int | None = Field(default=None, alias="promiseLimit", ge=0, le=3650)
    fees: Text = Field(default="不收费", alias="chargeInfo")
    conditions: Text = Field(default="", alias="acceptCondition")
    materials: list[ProvinceMaterial] = Field(default_factory=list, alias="materials",
                                              max_length=100)  # fmt: skip
    process: list[ProvinceStep] = Field(default_factory=list, alias="process", max_length=50)
    withdraw_reason: Text = Field(default="", alias="cancelReason")


class ProvinceComplaintIn(_Province):
    """A complaint dispatched down from the provincial 12345 or the national platform."""

    source: ComplaintSource = Field(alias="sourcePlatform")
    external_no: Code = Field(alias="complaintNo", description="the platform's own number")
    department_code: Code = Field(alias="deptCode")
    deadline: AwareDatetime = Field(alias="deadline", description="the platform's deadline")
    column: Literal["complaint", "suggestion", "consult"] = Field(default="complaint",
                                                                  alias="appealType")  # fmt: skip
    title: str = Field(alias="title", min_length=1, max_length=100, pattern=r"\S")
    content: str = Field(alias="content", min_length=1, max_length=5000, pattern=r"\S")
    item_code: Code | None = Field(default=None, alias="taskCode")
    case_no: Code | None = Field(default=None, alias="projectNo")
    contact_name: str = Field(default="", alias="contactName", max_length=50)
    contact_phone: str = Field(default="", alias="contactPhone", max_length=20,
                               pattern=r"^[0-9+\-]*$")  # fmt: skip
    confidential: bool = Field(default=False, alias="confidential")


PROVINCE_OWNED = (
    "name", "item_type", "legal_basis", "online_depth", "offline_reason", "legal_limit_days",
    "promised_limit_days", "fees", "conditions", "materials", "process",
)  # fmt: skip
REQUIRED_WHEN_ACTIVE = ("name", "item_type", "department_code", "online_depth",
                        "legal_limit_days", "promised_limit_days")  # fmt: skip


def item_fields(item: ProvinceItemIn) -> dict[str, Any]:
    """The province-owned fields of an item, in our names and JSON types; halls, slots, local
    notes, FAQ, themes and the assurance level are ours and never in here."""
    data = item.model_dump(mode="json", include=set(PROVINCE_OWNED))
    return data


def missing_fields(item: ProvinceItemIn) -> list[str]:
    return [
        ProvinceItemIn.model_fields[name].alias or name
        for name in REQUIRED_WHEN_ACTIVE
        if getattr(item, name) is None
    ]


def ticket_column(complaint: ProvinceComplaintIn) -> TicketColumn:
    return TicketColumn(complaint.column)


def deadline_of(complaint: ProvinceComplaintIn) -> datetime:
    return complaint.deadline


def catalog_items(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of a catalog pull answer."""
    items = answer.get("items", [])
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def reconciliation_day(answer: dict[str, Any], with_ids: bool) -> Any:
    """The province's count, checksum (and event ids) of one day."""
    from workflows.exchange.reconcile import RemoteDay

    ids = answer.get("eventIds") if with_ids else None
    return RemoteDay(
        count=int(answer.get("count", 0)),
        checksum=str(answer.get("checksum", "")),
        event_ids=frozenset(str(i) for i in ids) if isinstance(ids, list) else None,
    )
