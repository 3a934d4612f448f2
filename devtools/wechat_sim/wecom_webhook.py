"""Group robot webhook: webhook/send?key=..., limited to 20 messages a minute per robot."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.wecom_payloads import invalid_parameter
from devtools.wechat_sim.wire import object_field, read_json, reply, state_of, text_field

# Byte limits from the group robot docs; WeCom counts UTF-8 bytes, not characters.
CONTENT_LIMITS = {"text": 2048, "markdown": 4096, "markdown_v2": 4096}
OTHER_MSGTYPES = frozenset({"image", "news", "file", "voice", "template_card"})


async def webhook_send(request: web.Request) -> web.Response:
    state = state_of(request)
    key = request.query.get("key", "")
    if key not in state.wecom.robots:
        raise ApiError(93000)
    body = await read_json(request)
    if not state.allow_call(request.path, key):
        raise ApiError(45009)
    msgtype = text_field(body, "msgtype")
    content = object_field(body, msgtype)
    if msgtype in CONTENT_LIMITS:
        text = text_field(content or {}, "content")
        if not text:
            raise ApiError(44004)
        limit = CONTENT_LIMITS[msgtype]
        if len(text.encode()) > limit:
            raise invalid_parameter(f"{msgtype}.content exceed max length {limit}")
    elif msgtype not in OTHER_MSGTYPES:
        raise ApiError(40008)
    elif content is None:
        raise invalid_parameter(f"{msgtype} missing")
    state.deliver("wecom.robot", [key], body)
    return reply(request, {"errcode": 0, "errmsg": "ok"})
