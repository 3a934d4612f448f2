"""Reading a console page's path: a row id that is not one is a page that does not exist."""

from __future__ import annotations

import re

from aiohttp import web

from core.errors import NotFound

MAX_ID = 2**63 - 1  # BIGINT, as the API's RowId
ITEM_CODE = re.compile(r"[0-9A-Za-z_-]{1,64}")  # the API's CODE_PATTERN


def row_id(request: web.Request, name: str) -> int:
    text = request.match_info.get(name, "")
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise NotFound("no such page")
    return int(text)


def item_code(request: web.Request) -> str:
    code = request.match_info.get("code", "")
    if not ITEM_CODE.fullmatch(code):
        raise NotFound("no such item", code="item_not_found")
    return code
