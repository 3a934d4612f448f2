"""Request shapes for routing."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from miniapp_api.cases.schemas import MOBILE, ApplicationIn, WalkInCaseIn
from miniapp_api.fields import RequiredText, RowId
from models.routing import Opinion, PartState, PostKind

CODE = r"^[A-Za-z0-9_.\-]{1,64}$"


class HallIdParams(BaseModel):
    hall_id: RowId


class CaseIdParams(BaseModel):
    case_id: RowId


class TicketIdParams(BaseModel):
    ticket_id: RowId


class PartParams(BaseModel):
    case_id: RowId
    part_id: RowId


class BundleParams(BaseModel):
    code: str = Field(pattern=CODE)


class HallBundleParams(BaseModel):
    hall_id: RowId
    code: str = Field(pattern=CODE)


class BundleApplicationParams(BaseModel):
    application_id: RowId


class ItemParams(BaseModel):
    item_code: str = Field(pattern=CODE)


class PageQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class PartsQuery(PageQuery):
    state: PartState | None = None


# WalkInCaseIn's own check, said in the document too: texts go to mainland mobiles only.
SMS_NEEDS_MOBILE = ConfigDict(
    json_schema_extra={
        "allOf": [
            {
                "if": {"properties": {"sms_consent": {"const": True}}, "required": ["sms_consent"]},
                "then": {"properties": {"applicant_phone": {"pattern": MOBILE.pattern}}},
            }
        ]
    }
)


class WindowCaseIn(WalkInCaseIn):
    """What the window takes; `missing_materials` gives the ONE correction notice at once."""

    model_config = SMS_NEEDS_MOBILE

    missing_materials: list[RequiredText] = Field(
        default_factory=list,
        max_length=100,
        description="materials of the guide the applicant lacks: the case waits, not dispatched",
    )


class OnBehalfIn(WalkInCaseIn):
    model_config = SMS_NEEDS_MOBILE
    applicant_id_number: str = Field(pattern=r"^[0-9]{17}[0-9Xx]$")
    consent_ref: RequiredText = Field(
        max_length=200, description="reference of the citizen's signed authorisation (委托书)"
    )


class ReassignIn(BaseModel):
    department_code: str = Field(pattern=CODE)
    reason: RequiredText = Field(max_length=2000)


class CoDepartmentIn(BaseModel):
    department_code: str = Field(pattern=CODE)
    limit_working_days: int = Field(ge=1, le=60)


class ParallelIn(BaseModel):
    co_departments: list[CoDepartmentIn] = Field(min_length=1, max_length=20)


class OpinionIn(BaseModel):
    opinion: Opinion
    text: RequiredText = Field(max_length=2000)


class BundleApplicationIn(ApplicationIn):
    item_code: str = Field(default="", max_length=0, description="not used: the bundle says")


class WindowBundleIn(WalkInCaseIn):
    model_config = SMS_NEEDS_MOBILE
    item_code: str = Field(default="", max_length=0, description="not used: the bundle says")


class HallPostIn(BaseModel):
    username: str = Field(pattern=r"^[A-Za-z0-9_.\-]{1,50}$")
    kind: PostKind
    action: Literal["add", "remove"] = "add"


class ItemHandlersIn(BaseModel):
    department_codes: list[Annotated[str, Field(pattern=CODE)]] = Field(max_length=50)
