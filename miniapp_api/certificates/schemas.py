"""Request shapes for certificates."""

from __future__ import annotations

from pydantic import BaseModel, Field

from miniapp_api.fields import RequiredText

NUMBER = r"^[A-Z0-9]{4,32}$"


class CertificateNumberParams(BaseModel):
    number: str = Field(pattern=NUMBER, description="证照编号")


class VerifyQuery(BaseModel):
    number: str = Field(pattern=NUMBER, description="证照编号, as printed")
    code: str = Field(pattern=r"^[0-9A-Za-z]{4,16}$", description="验证码, as printed")


class RevokeIn(BaseModel):
    reason: RequiredText = Field(max_length=1000)
