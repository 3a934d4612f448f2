"""Request and response models of the identity operations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from miniapp_api.fields import RowId

Level = Literal["L0", "L1", "L2", "L3"]


class PhoneCodeIn(BaseModel):
    code: str = Field(min_length=1, max_length=256, description="the code from getPhoneNumber")


class PlatformStartIn(BaseModel):
    rebind: bool = Field(
        default=False,
        description="move an identity bound to another WeChat account to this one",
    )


class PlatformStartOut(BaseModel):
    authorize_url: str = Field(description="open in a web-view; the platform returns to us")
    state: str
    expires_in: int


class PlatformCallbackIn(BaseModel):
    code: str = Field(min_length=1, max_length=512)
    state: str = Field(min_length=1, max_length=128)


class FaceStartOut(BaseModel):
    verify_id: str = Field(description="for wx.requestFacialVerify")
    expires_in: int


class FaceFinishIn(BaseModel):
    verify_id: str = Field(min_length=1, max_length=256)


class LevelStep(BaseModel):
    level: Level
    reached_at: datetime | None
    via: str | None


class IdentityView(BaseModel):
    level: Level
    steps: list[LevelStep]
    real_name: str | None = Field(description="masked")
    id_number: str | None = Field(description="masked")
    phone: str | None = Field(description="masked")


class WeComCodeIn(BaseModel):
    code: str = Field(
        min_length=1, max_length=256, description="the code WeChat Work redirected with"
    )


class StaffIdParams(BaseModel):
    staff_id: RowId


class SignInOptionsIn(BaseModel):
    wecom_userid: str | None = Field(default=None, min_length=1, max_length=64)
    password_login_allowed: bool


class SignInOptionsOut(BaseModel):
    id: int
    username: str
    wecom_userid: str | None
    password_login_allowed: bool
