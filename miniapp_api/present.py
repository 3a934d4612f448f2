"""What several features show alike."""

from __future__ import annotations

from typing import Any

import pydantic_core
from aiohttp import web
from pydantic import BaseModel


class DepartmentRef(BaseModel):
    code: str
    name: str


def json_response(answer: dict[str, Any]) -> web.Response:
    """A 200 answer written from plain values (ints, text, dates, aware datetimes, enums) by
    pydantic's encoder: the bytes the operation's response model would write from them (dates
    ISO, UTC as "Z", Chinese unescaped). Only for values the server read itself, in the types
    the model declares: nothing is validated. The operation names its model with `response=`."""
    return web.Response(
        body=pydantic_core.to_json(answer), content_type="application/json", charset="utf-8"
    )
