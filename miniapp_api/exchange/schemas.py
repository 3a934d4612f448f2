"""Request and response models of the exchange operations (the province's field names are in
workflows/exchange/inbound_map.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from miniapp_api.fields import RowId
from models.exchange import DraftState


class ItemReceivedOut(BaseModel):
    code: str
    outcome: str = Field(description="draft, unchanged or withdrawn")
    item_id: int
    draft_id: int | None


class ComplaintReceivedOut(BaseModel):
    ticket_id: int
    duplicate: bool = Field(description="this number was dispatched before: the same ticket")


class DraftIdParams(BaseModel):
    draft_id: RowId


class ItemDraftOut(BaseModel):
    id: int
    item_id: int
    item_code: str
    provincial_version: int
    state: DraftState
    source: str
    received_at: datetime
    due_at: datetime
    applied_at: datetime | None
    changes: dict[str, object]


class ItemDraftList(BaseModel):
    drafts: list[ItemDraftOut]
