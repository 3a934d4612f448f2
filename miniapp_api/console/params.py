"""Reading a console page's path: a row id that is not one is a page that does not exist."""

from __future__ import annotations

from aiohttp import web

from core.errors import NotFound

MAX_ID = 2**63 - 1  # BIGINT, as the API's RowId


def row_id(request: web.Request, name: str) -> int:
    text = request.match_info.get(name, "")
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise NotFound("no such page")
    return int(text)
