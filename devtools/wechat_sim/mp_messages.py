"""Subscribe messages and customer-service messages to mini-program users."""

from __future__ import annotations

import secrets

from aiohttp import web

from devtools.wechat_sim.auth import mp_token
from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.template_data import validate_template_data
from devtools.wechat_sim.wire import object_field, read_json, reply, state_of, text_field

MINIPROGRAM_STATES = frozenset({"developer", "trial", "formal"})
CUSTOM_MSGTYPES = frozenset({"text", "image", "link", "miniprogrampage"})


async def subscribe_send(request: web.Request) -> web.Response:
    state = state_of(request)
    owner = mp_token(request).owner
    body = await read_json(request)
    if not state.allow_call(request.path, owner):
        raise ApiError(45009)
    touser = text_field(body, "touser")
    if touser not in state.mp.users:
        raise ApiError(40003)
    template_id = text_field(body, "template_id")
    keys = state.mp.templates.get(template_id)
    if keys is None:
        raise ApiError(40037)
    if body.get("miniprogram_state", "formal") not in MINIPROGRAM_STATES:
        raise ApiError(47003, "argument invalid! miniprogram_state invalid")
    validate_template_data(keys, body.get("data"))
    if not state.mp.consume(touser, template_id):
        raise ApiError(43101)
    state.deliver("mp.subscribe", [touser], body)
    return reply(request, {"errcode": 0, "errmsg": "ok", "msgid": secrets.randbits(62)})


async def custom_send(request: web.Request) -> web.Response:
    state = state_of(request)
    owner = mp_token(request).owner
    body = await read_json(request)
    if not state.allow_call(request.path, owner):
        raise ApiError(45009)
    touser = text_field(body, "touser")
    if touser not in state.mp.users:
        raise ApiError(40003)
    msgtype = text_field(body, "msgtype")
    if msgtype not in CUSTOM_MSGTYPES:
        raise ApiError(40008)
    content = object_field(body, msgtype)
    if content is None or (msgtype == "text" and not text_field(content, "content")):
        raise ApiError(44004)
    if not state.may_message(touser):
        raise ApiError(45015)
    state.deliver("mp.custom", [touser], body)
    return reply(request, {"errcode": 0, "errmsg": "ok"})
