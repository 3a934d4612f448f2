"""Request shapes for withdrawal, special procedures and fees."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from miniapp_api.fields import RequiredText
from models.case_lifecycle import FeeMeans, FeeState, ProcedureKind

# Something that str.strip() leaves: JSON Schema's \s lacks the separators \x1c-\x1f and \x85.
VISIBLE = r"[^\s\x1c-\x1f\x85]"


class WithdrawIn(BaseModel):
    reason: str = Field(default="", max_length=500)


class ProcedureIn(BaseModel):
    kind: ProcedureKind
    reason: RequiredText = Field(max_length=1000)
    limit_working_days: int = Field(ge=1, le=250, description="its own limit (seed 002 art. 11)")


class ProcedureEndIn(BaseModel):
    outcome: str = Field(default="", max_length=1000)


class FeeIn(BaseModel):
    """paid needs `means`; waived needs a `reason`."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"state": {"const": "paid"}}, "required": ["state"]},
                    "then": {"properties": {"means": {"type": "string"}}, "required": ["means"]},
                },
                {
                    "if": {"properties": {"state": {"const": "waived"}}, "required": ["state"]},
                    "then": {
                        "properties": {"reason": {"pattern": VISIBLE}},
                        "required": ["reason"],
                    },
                },
            ]
        }
    )

    state: Literal["paid", "waived"]
    means: FeeMeans | None = None
    reference: str = Field(default="", max_length=64)
    reason: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _settled(self) -> FeeIn:
        if self.state == FeeState.PAID and self.means is None:
            raise ValueError("paid needs means")
        if self.state == FeeState.WAIVED and not re.search(VISIBLE, self.reason):
            raise ValueError("waived needs a reason")
        return self


class PostalAddressOut(BaseModel):
    address: str
    recipient_name: str
    recipient_phone: str
