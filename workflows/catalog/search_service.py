"""Each process's search index over the published catalog, rebuilt when the catalog changes.

Another server may change an item: every `refresh_seconds` a cheap fingerprint query (count and
latest update) tells whether to rebuild. A change made in this process rebuilds at once.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count, Max

from models.catalog import ItemStatus, ServiceItem
from workflows.catalog.search_index import SearchIndex
from workflows.catalog.segment import load_dictionary


@dataclass(frozen=True)
class ItemSummary:
    id: int
    code: str
    name: str
    department_code: str
    department_name: str
    online_depth: str
    promised_limit_days: int
    themes: tuple[str, ...]


class CatalogSearch:
    def __init__(self, refresh_seconds: float = 5.0) -> None:
        self._refresh_seconds = refresh_seconds
        self._index = SearchIndex()
        self._summaries: dict[int, ItemSummary] = {}
        self._fingerprint: tuple[Any, ...] | None = None
        self._checked_at = float("-inf")
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        await asyncio.to_thread(load_dictionary)
        await self.refresh(force=True)

    def invalidate(self) -> None:
        self._checked_at = float("-inf")

    async def refresh(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._checked_at < self._refresh_seconds:
            return
        async with self._lock:
            if not force and time.monotonic() - self._checked_at < self._refresh_seconds:
                return
            fingerprint = await _fingerprint()
            if force or fingerprint != self._fingerprint:
                rows = await ServiceItem.filter(status=ItemStatus.PUBLISHED).values(
                    "id", "code", "name", "themes", "faq", "conditions", "online_depth",
                    "promised_limit_days", "department__code", "department__name",
                )  # fmt: skip
                documents = [{**row, "department": row["department__name"]} for row in rows]
                # Segmenting thousands of texts takes a while: keep the event loop free.
                self._index = await asyncio.to_thread(SearchIndex, documents)
                self._summaries = {row["id"]: _summary(row) for row in rows}
                self._fingerprint = fingerprint
            self._checked_at = time.monotonic()

    async def search(
        self, query: str, *, department_code: str | None = None, limit: int = 20
    ) -> list[ItemSummary]:
        await self.refresh()
        among = None
        if department_code is not None:
            among = {i for i, s in self._summaries.items() if s.department_code == department_code}
        hits = self._index.search(query, limit=limit, among=among)
        return [self._summaries[hit.item_id] for hit in hits if hit.item_id in self._summaries]

    async def with_theme(self, theme: str) -> list[int]:
        """Published items under a theme (JSON containment differs between databases)."""
        await self.refresh()
        return [item_id for item_id, s in self._summaries.items() if theme in s.themes]


async def _fingerprint() -> tuple[Any, ...]:
    row = (
        await ServiceItem.all()
        .annotate(n=Count("id"), latest=Max("updated_at"))
        .first()
        .values("n", "latest")
    )
    return (row or {}).get("n"), (row or {}).get("latest")


def _summary(row: dict[str, Any]) -> ItemSummary:
    return ItemSummary(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        department_code=row["department__code"],
        department_name=row["department__name"],
        online_depth=row["online_depth"],
        promised_limit_days=row["promised_limit_days"],
        themes=tuple(row["themes"] or ()),
    )
