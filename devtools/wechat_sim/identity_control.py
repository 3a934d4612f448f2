"""Control API for the identity steps: what the person's taps in WeChat and WeChat Work do."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.control_input import (
    bad_request,
    body_of,
    optional_int,
    optional_str,
    required_str,
)
from devtools.wechat_sim.mp_identity_store import FACE_SUCCESS
from devtools.wechat_sim.wire import state_of


async def phone_code(request: web.Request) -> web.Response:
    """The code wx getPhoneNumber hands the mini-program after the person allows it."""
    data = await body_of(request)
    state = state_of(request)
    appid = optional_str(data, "appid") or state.appid
    code = state.identity.issue_phone_code(appid, required_str(data, "phone"), state.now())
    return web.json_response({"code": code})


async def face_result(request: web.Request) -> web.Response:
    """The person went through wx.requestFacialVerify with this outcome (10000: recognised)."""
    data = await body_of(request)
    session = state_of(request).identity.faces.get(required_str(data, "verify_id"))
    if session is None:
        raise bad_request("unknown verify_id")
    session.verify_ret = optional_int(data, "verify_ret", FACE_SUCCESS)
    return web.json_response({"ok": True})


async def wecom_member(request: web.Request) -> web.Response:
    data = await body_of(request)
    state = state_of(request)
    userid = required_str(data, "userid")
    state.register_wecom_user(userid)
    state.wecom_oauth.profiles[userid] = {"name": optional_str(data, "name") or userid}
    return web.json_response({"ok": True})


async def wecom_browser_user(request: web.Request) -> web.Response:
    """Who the simulated WeCom client (or the phone scanning the QR code) is signed in as."""
    data = await body_of(request)
    state_of(request).wecom_oauth.browser_user = optional_str(data, "userid")
    return web.json_response({"ok": True})


async def wecom_oauth_code(request: web.Request) -> web.Response:
    data = await body_of(request)
    state = state_of(request)
    userid = required_str(data, "userid")
    if not state.wecom.has_user(userid):
        raise bad_request("unknown userid")
    code = state.wecom_oauth.issue_code(state.corpid, userid, state.now())
    return web.json_response({"code": code})


MP_ROUTES = [
    web.post("/__sim/phone_code", phone_code),
    web.post("/__sim/face_result", face_result),
]
WECOM_ROUTES = [
    web.post("/__sim/wecom_member", wecom_member),
    web.post("/__sim/wecom_browser_user", wecom_browser_user),
    web.post("/__sim/wecom_oauth_code", wecom_oauth_code),
]
