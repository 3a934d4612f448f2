"""Request and response models of the auth operations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class LoginIn(BaseModel):
    code: str = Field(min_length=1, max_length=128, description="the code from wx.login()")


class StaffLoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=200)


class SessionOut(BaseModel):
    token: str
    kind: Literal["citizen", "staff"]
    expires_at: datetime


class CitizenView(BaseModel):
    id: int
    real_name: str | None
    phone: str | None
    id_number: str | None
    registered_at: datetime
    assurance_level: Literal["L0", "L1", "L2", "L3"] = Field(
        description="how sure we are who this is: L1 phone, L2 identity platform, L3 face"
    )


class StaffDepartment(BaseModel):
    id: int
    code: str
    name: str


class StaffView(BaseModel):
    id: int
    username: str
    name: str
    department: StaffDepartment
    roles: list[str]
    wecom_bound: bool


class MeOut(BaseModel):
    kind: Literal["citizen", "staff"]
    citizen: CitizenView | None = None
    staff: StaffView | None = None


class RevokedOut(BaseModel):
    revoked: int = Field(description="sessions that were still live, this one included")
