"""Request shapes of uploads, links, the library and verification; the guide's file rule."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from miniapp_api.fields import RequiredText, RowId


class MaterialFileRule(BaseModel):
    """What a guide's material accepts as a file; what it leaves out, `[files]` decides."""

    types: list[Literal["pdf", "jpeg", "png"]] = Field(
        default_factory=list, max_length=3, description="checked by content; empty: [files]"
    )
    max_bytes: int | None = Field(default=None, ge=1, le=1 << 34)
    max_pages: int | None = Field(default=None, ge=1, le=100_000, description="PDFs")
    max_pixels: int | None = Field(default=None, ge=1, le=500_000_000, description="images")


class ItemUploadQuery(BaseModel):
    item_code: str = Field(pattern=r"^[0-9A-Za-z_-]{1,64}$")
    material: RequiredText = Field(max_length=100, description="a material the guide lists")


class CaseUploadQuery(BaseModel):
    material: RequiredText = Field(max_length=100, description="a material the guide lists")


class CaseIdParams(BaseModel):
    case_id: RowId


class UploadIdParams(BaseModel):
    upload_id: RowId


class MaterialIdParams(BaseModel):
    material_id: RowId


class EntryIdParams(BaseModel):
    entry_id: RowId


class TokenParams(BaseModel):
    token: str = Field(pattern=r"^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{1,100}$")


class LibraryQuery(BaseModel):
    material: str | None = Field(default=None, min_length=1, max_length=100)


class VerifyIn(BaseModel):
    valid_until: datetime | None = Field(
        default=None, description="until when the library offers it (e.g. an ID card's expiry)"
    )
    note: str = Field(default="", max_length=500)


class LinkOut(BaseModel):
    url: str = Field(description="GET it within expires_at; it names who asked")
    expires_at: datetime
