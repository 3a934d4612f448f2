"""WeChat Work web sign-in: the two browser entry points and auth/getuserinfo, user/get.

Inside WeCom the page goes to open.weixin.qq.com/connect/oauth2/authorize; outside it the QR
page login.work.weixin.qq.com/wwlogin/sso/login. Both come back to redirect_uri with code and
state; the server then calls auth/getuserinfo (code -> userid) and user/get (the profile).
"""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from devtools.wechat_sim.auth import wecom_token
from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.wecom_oauth_store import OAUTH_CODE_TTL
from devtools.wechat_sim.wire import reply, state_of


def _redirect_back(request: web.Request, corpid: str) -> web.StreamResponse:
    state = state_of(request)
    redirect_uri = request.query.get("redirect_uri", "")
    if corpid not in state.wecom.corps or not redirect_uri.startswith(("http://", "https://")):
        return web.Response(status=400, text="invalid appid or redirect_uri")
    userid = request.query.get("login_as") or state.wecom_oauth.browser_user
    if userid is None or not state.wecom.has_user(userid):
        page = "<html><body>请使用企业微信扫码登录</body></html>"
        return web.Response(text=page, content_type="text/html")
    code = state.wecom_oauth.issue_code(corpid, state.wecom.users[userid.casefold()], state.now())
    separator = "&" if "?" in redirect_uri else "?"
    query = {"code": code, "state": request.query.get("state", "")}
    raise web.HTTPFound(redirect_uri + separator + urlencode(query))


async def oauth2_authorize(request: web.Request) -> web.StreamResponse:
    if request.query.get("response_type") != "code":
        return web.Response(status=400, text="invalid response_type")
    return _redirect_back(request, request.query.get("appid", ""))


async def sso_login(request: web.Request) -> web.StreamResponse:
    if request.query.get("login_type") != "CorpApp":
        return web.Response(status=400, text="invalid login_type")
    return _redirect_back(request, request.query.get("appid", ""))


async def getuserinfo(request: web.Request) -> web.Response:
    token = wecom_token(request)
    state = state_of(request)
    code = request.query.get("code", "")
    if not code:
        raise ApiError(41008, "missing code")
    issued = state.wecom_oauth.codes.get(code)
    if (
        issued is None
        or issued.used
        or issued.corpid != token.owner
        or state.now() - issued.issued_at > OAUTH_CODE_TTL
    ):
        raise ApiError(40029, "invalid code")
    issued.used = True
    payload = {
        "errcode": 0,
        "errmsg": "ok",
        "userid": issued.userid,
        "user_ticket": "ticket_" + code[:16],
        "expires_in": 1800,
    }
    return reply(request, payload)


async def user_get(request: web.Request) -> web.Response:
    wecom_token(request)
    state = state_of(request)
    userid = request.query.get("userid", "")
    if not userid:
        raise ApiError(41009, "missing userid")
    if not state.wecom.has_user(userid):
        raise ApiError(60111, "userid not found")
    canonical = state.wecom.users[userid.casefold()]
    profile = state.wecom_oauth.profiles.get(canonical, {})
    payload = {
        "errcode": 0,
        "errmsg": "ok",
        "userid": canonical,
        "name": profile.get("name", canonical),
        "department": profile.get("department", [1]),
        "position": profile.get("position", ""),
        "status": profile.get("status", 1),
    }
    return reply(request, payload)
