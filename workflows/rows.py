"""Lock the row a change is about, or say it does not exist."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.models import Model

from core.errors import NotFound

M = TypeVar("M", bound=Model)


async def locked(
    model: type[M], key: Any, what: str, *, by: str = "id", error_code: str | None = None
) -> M:
    """The row whose `by` is `key`, locked until the transaction ends (FOR UPDATE on PostgreSQL;
    SQLite serialises writers anyway), or NotFound("no such <what>") with `error_code`."""
    row = await model.select_for_update().get_or_none(**{by: key})
    if row is None:
        raise NotFound(f"no such {what}", code=error_code)
    return row
