"""WeChat Work gettoken: one token per app, the same one returned while it is valid."""

from __future__ import annotations

import secrets

from aiohttp import web

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.tokens import TokenKind
from devtools.wechat_sim.wire import reply, state_of


async def gettoken(request: web.Request) -> web.Response:
    state = state_of(request)
    corpid = request.query.get("corpid", "")
    secret = request.query.get("corpsecret", "")
    # WeCom checks the secret's presence before the corpid's.
    if not secret:
        raise ApiError(41004)
    if not corpid:
        raise ApiError(41002)
    apps = state.wecom.corps.get(corpid)
    if apps is None:
        raise ApiError(40013)
    agentid = next((a for s, a in apps.items() if secrets.compare_digest(s, secret)), None)
    if agentid is None:
        raise ApiError(40001)
    if not state.allow_call(request.path, corpid):
        raise ApiError(45009)
    now = state.now()
    current = state.tokens.latest_valid(TokenKind.WECOM, corpid, now, agentid=agentid)
    if current is None:
        current = state.tokens.issue(TokenKind.WECOM, corpid, now, agentid=agentid)
    payload = {
        "errcode": 0,
        "errmsg": "ok",
        "access_token": current.value,
        "expires_in": current.remaining(now),
    }
    return reply(request, payload)
