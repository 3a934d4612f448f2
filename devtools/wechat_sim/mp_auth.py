"""Mini-program login (code2Session) and the two access-token endpoints."""

from __future__ import annotations

import base64
import secrets

from aiohttp import web

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.state import SimulatorState
from devtools.wechat_sim.tokens import REPLACEMENT_GRACE, TOKEN_TTL, TokenKind
from devtools.wechat_sim.wire import read_json, reply, state_of, text_field


def _check_app(state: SimulatorState, appid: str, secret: str) -> None:
    if not appid:
        raise ApiError(41002)
    if appid not in state.mp.apps:
        raise ApiError(40013)
    if not secret:
        raise ApiError(41004)
    if not secrets.compare_digest(state.mp.apps[appid], secret):
        raise ApiError(40125)


async def jscode2session(request: web.Request) -> web.Response:
    state = state_of(request)
    query = request.query
    appid = query.get("appid", "")
    _check_app(state, appid, query.get("secret", ""))
    if query.get("grant_type") != "authorization_code":
        raise ApiError(40002)
    js_code = query.get("js_code", "")
    if not js_code:
        raise ApiError(41008)
    login = state.mp.codes.get(js_code)
    if login is None or login.appid != appid:
        raise ApiError(40029)
    if login.used:
        raise ApiError(40163)
    if state.now() - login.issued_at > state.code_ttl:
        raise ApiError(40029)
    if not state.allow_call(request.path, f"{appid}:{login.openid}"):
        raise ApiError(45011)
    login.used = True
    session_key = base64.b64encode(secrets.token_bytes(16)).decode()
    payload = {"session_key": session_key, "openid": login.openid}
    if login.unionid is not None:
        payload["unionid"] = login.unionid
    return reply(request, payload)


async def token(request: web.Request) -> web.Response:
    state = state_of(request)
    query = request.query
    if query.get("grant_type") != "client_credential":
        raise ApiError(40002)
    appid = query.get("appid", "")
    _check_app(state, appid, query.get("secret", ""))
    if not state.allow_call(request.path, appid):
        raise ApiError(45009)
    issued = state.tokens.issue(TokenKind.MP, appid, state.now(), grace=REPLACEMENT_GRACE)
    return reply(request, {"access_token": issued.value, "expires_in": TOKEN_TTL})


async def stable_token(request: web.Request) -> web.Response:
    state = state_of(request)
    body = await read_json(request)
    if body.get("grant_type") != "client_credential":
        raise ApiError(40002)
    appid = text_field(body, "appid")
    _check_app(state, appid, text_field(body, "secret"))
    if not state.allow_call(request.path, appid):
        raise ApiError(45009)
    now = state.now()
    current = state.tokens.latest_valid(TokenKind.MP_STABLE, appid, now)
    # force_refresh invalidates the previous stable token at once, with no grace period.
    if current is None or body.get("force_refresh") is True:
        current = state.tokens.issue(TokenKind.MP_STABLE, appid, now)
    return reply(request, {"access_token": current.value, "expires_in": current.remaining(now)})
