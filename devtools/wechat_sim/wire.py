"""What both hosts share on the wire: app keys, response content types, JSON body parsing."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from devtools.wechat_sim.errors import WECOM_HOST, ApiError
from devtools.wechat_sim.state import SimulatorState

STATE = web.AppKey("wechat_sim_state", SimulatorState)
HOST = web.AppKey("wechat_sim_host", str)

CONTROL_PREFIX = "/__sim/"
MP_JSON = "application/json; encoding=utf-8"
WECOM_JSON = "application/json; charset=UTF-8"
# code2Session labels its JSON as text/plain; a client calling resp.json() blindly breaks on it.
TEXT_PLAIN_PATHS = frozenset({"/sns/jscode2session"})


def state_of(request: web.Request) -> SimulatorState:
    return request.app[STATE]


def content_type_for(request: web.Request) -> str:
    if request.path in TEXT_PLAIN_PATHS:
        return "text/plain"
    return WECOM_JSON if request.app[HOST] == WECOM_HOST else MP_JSON


def reply(request: web.Request, payload: dict[str, Any], *, status: int = 200) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": content_type_for(request)}
    return web.Response(body=body, status=status, headers=headers)


def parse_json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


async def read_json(request: web.Request) -> dict[str, Any]:
    data = parse_json_object(await request.read())
    if data is None:
        detail = "data format error"
        if request.app[HOST] == WECOM_HOST:
            detail += ", Warning: wrong json format."
        raise ApiError(47001, detail)
    return data


def text_field(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def object_field(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    return value if isinstance(value, dict) else None
