"""Request shapes for applications and their progress."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from miniapp_api.cases.present import CaseDetail
from miniapp_api.fields import QueryDateTime, RequiredText, RowId
from models.case_lifecycle import DeliveryMethod
from models.cases import CaseStatus
from workflows.cases.apply import Application
from workflows.cases.delivery import DeliveryChoice, DeliveryProof
from workflows.cases.machine import RULES, CaseAction

PHONE = r"^\+?[0-9]{7,15}$"
ID_NUMBER = r"^[0-9]{17}[0-9Xx]$"
MOBILE = re.compile(r"^(\+?86)?1[3-9][0-9]{9}$")


def _NO_DEFAULT(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # absent, not null: the document says which one to give


class MaterialRef(BaseModel):
    """A material and exactly one of: a free-text `ref`, an `upload_id` (uploadMaterial) or a
    `library_entry_id` (listMyLibrary)."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["ref"]},
                {"required": ["upload_id"]},
                {"required": ["library_entry_id"]},
            ]
        }
    )

    name: RequiredText = Field(max_length=100, description="a material named in the guide")
    ref: RequiredText = Field(
        default=None, max_length=500, description="as text", json_schema_extra=_NO_DEFAULT
    )
    upload_id: RowId = Field(
        default=None, description="a file uploaded for it", json_schema_extra=_NO_DEFAULT
    )
    library_entry_id: RowId = Field(
        default=None, description="an entry of the library", json_schema_extra=_NO_DEFAULT
    )

    @model_validator(mode="after")
    def _one_source(self) -> MaterialRef:
        given = sum(
            name in self.model_fields_set for name in ("ref", "upload_id", "library_entry_id")
        )
        if given != 1:
            raise ValueError("give exactly one of ref, upload_id, library_entry_id")
        return self

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class DeliveryIn(BaseModel):
    """送达: window pick-up (a pick-up code is given), post (to this address) or electronic."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"method": {"const": "post"}}, "required": ["method"]},
            "then": {"properties": {"address": {"pattern": r"\S"}}, "required": ["address"]},
        }
    )

    method: DeliveryMethod
    address: str = Field(default="", max_length=300)
    recipient_name: str = Field(default="", max_length=100)
    recipient_phone: str = Field(default="", pattern=r"^$|" + PHONE)

    @model_validator(mode="after")
    def _post_needs_an_address(self) -> DeliveryIn:
        if self.method == DeliveryMethod.POST and not self.address.strip():
            raise ValueError("posting the result needs an address")
        return self

    def choice(self) -> DeliveryChoice:
        return DeliveryChoice(self.method, self.address, self.recipient_name, self.recipient_phone)


class ApplicationIn(BaseModel):
    item_code: RequiredText = Field(max_length=64)
    applicant_name: RequiredText = Field(max_length=100)
    applicant_phone: str = Field(default="", pattern=r"^$|" + PHONE)
    applicant_id_number: str = Field(default="", pattern=r"^$|" + ID_NUMBER)
    form: dict[str, Any] = Field(default_factory=dict, max_length=100)
    materials: list[MaterialRef] = Field(default_factory=list, max_length=100)
    note: str = Field(default="", max_length=500)
    delivery: DeliveryIn | None = Field(default=None, description="how the result reaches you")

    def application(self) -> Application:
        return Application(
            item_code=self.item_code,
            applicant_name=self.applicant_name,
            applicant_phone=self.applicant_phone,
            applicant_id_number=self.applicant_id_number.upper(),
            form=self.form,
            materials=[m.given() for m in self.materials],
            note=self.note,
            delivery=self.delivery.choice() if self.delivery else None,
        )


class WalkInCaseIn(ApplicationIn):
    # At the window the applicant is there in person: the clerk records how to reach them.
    applicant_phone: str = Field(pattern=PHONE)
    sms_consent: bool = Field(
        default=False,
        description="the applicant agreed to be told of this case's steps by SMS at this number",
    )

    @model_validator(mode="after")
    def _texts_go_to_mobiles(self) -> WalkInCaseIn:
        if self.sms_consent and not MOBILE.fullmatch(self.applicant_phone):
            raise ValueError("sms_consent needs a mainland mobile number as applicant_phone")
        return self

    def application(self) -> Application:
        return replace(super().application(), sms_consent=self.sms_consent)


class SubmittedOut(BaseModel):
    case: CaseDetail
    lookup_secret: str = Field(description="shown once: with the case number, anyone may look up")


class CaseIdParams(BaseModel):
    case_id: RowId


class MyCasesQuery(BaseModel):
    status: CaseStatus | None = None
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class DepartmentCasesQuery(MyCasesQuery):
    department_id: RowId | None = Field(default=None, description="supervisors: any")
    due_before: QueryDateTime | None = None


REASONED = sorted(action.value for action, rule in RULES.items() if rule.reason_required)


class TransitionIn(BaseModel):
    """refuse and deny need a `reason`; request_correction lists every `missing_materials`."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"action": {"enum": REASONED}}, "required": ["action"]},
                    "then": {"properties": {"reason": {"pattern": r"\S"}}, "required": ["reason"]},
                },
                {
                    "if": {
                        "properties": {"action": {"const": CaseAction.REQUEST_CORRECTION.value}},
                        "required": ["action"],
                    },
                    "then": {
                        "properties": {
                            "missing_materials": {"minItems": 1, "items": {"pattern": r"\S"}}
                        },
                        "required": ["missing_materials"],
                    },
                },
            ]
        }
    )

    action: CaseAction
    note: str = Field(default="", max_length=1000)
    reason: str = Field(default="", max_length=2000)
    missing_materials: list[str] = Field(default_factory=list, max_length=100)
    # deliver: the proof for the method the applicant chose.
    delivery_method: DeliveryMethod | None = Field(
        default=None, description="deliver: must be the method the applicant chose"
    )
    pickup_code: str = Field(default="", max_length=8, description="deliver at the window")
    tracking_number: str = Field(default="", max_length=40, description="deliver by post")

    def proof(self) -> DeliveryProof:
        return DeliveryProof(self.delivery_method, self.pickup_code, self.tracking_number)


class CorrectionIn(BaseModel):
    materials: list[MaterialRef] = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=500)


class LookupIn(BaseModel):
    """The case number and exactly one proof: the lookup code or the phone's last 4 digits."""

    # The either/or rule is in the document too, so a client can know it without trying.
    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["secret"]}, {"required": ["phone_last4"]}]}
    )

    case_no: str = Field(pattern=r"^[0-9]{13,16}$")
    secret: str = Field(default="", min_length=1, max_length=20)
    phone_last4: str = Field(default="", pattern=r"^[0-9]{4}$")

    @model_validator(mode="after")
    def _one_proof(self) -> LookupIn:
        if ("secret" in self.model_fields_set) == ("phone_last4" in self.model_fields_set):
            raise ValueError("give either secret or phone_last4, not both")
        return self
