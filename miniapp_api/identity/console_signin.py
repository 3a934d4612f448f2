"""Console sign-in with WeChat Work: OAuth inside the WeCom client, the QR page elsewhere.

The state travels in a SameSite=Lax cookie, because WeCom's redirect back is a cross-site
navigation that would not carry a Strict one. The callback answers a page that moves on to the
queue, so that the first signed-in request is same-site and carries the Strict session cookie.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlencode

from aiohttp import web

from core.appkeys import SESSIONS, SETTINGS
from core.errors import Unauthenticated
from core.settings import Settings
from miniapp_api.auth.limits import limit_logins
from miniapp_api.authentication import REQUEST_ID
from miniapp_api.client_ip import client_ip
from miniapp_api.console import session
from miniapp_api.console.errors import error_page
from miniapp_api.identity.resources import WECOM_SIGNIN
from workflows.clock import utc_now
from workflows.identity.staff_signin import sign_in_staff_by_wecom

routes = web.RouteTableDef()
STATE_COOKIE = "console_wecom_state"
STATE_TTL = 600


def callback_url(settings: Settings) -> str:
    return settings.notify.console_base_url.rstrip("/") + "/login/wecom/callback"


def authorize_url(settings: Settings, state: str, inside_wecom: bool) -> str:
    redirect = callback_url(settings)
    wecom = settings.wecom
    if inside_wecom:
        query = {"appid": wecom.corpid, "redirect_uri": redirect, "response_type": "code"}
        query |= {"scope": "snsapi_base", "state": state, "agentid": str(wecom.agentid)}
        base = settings.identity.wecom_oauth_base + "/connect/oauth2/authorize?"
        return base + urlencode(query) + "#wechat_redirect"
    query = {"login_type": "CorpApp", "appid": wecom.corpid, "agentid": str(wecom.agentid)}
    query |= {"redirect_uri": redirect, "state": state}
    return settings.identity.wecom_sso_base + "/wwlogin/sso/login?" + urlencode(query)


@routes.get("/login/wecom", name="console-login-wecom")
async def start(request: web.Request) -> web.Response:
    state = secrets.token_urlsafe(24)
    inside = "wxwork" in request.headers.get("User-Agent", "").lower()
    response = web.HTTPFound(authorize_url(request.config_dict[SETTINGS], state, inside))
    response.set_cookie(
        STATE_COOKIE, state, path=session.PATH, httponly=True, samesite="Lax",
        secure=request.secure, max_age=STATE_TTL,
    )  # fmt: skip
    raise response


@routes.get("/login/wecom/callback", name="console-login-wecom-callback")
async def callback(request: web.Request) -> web.Response:
    expected, given = request.cookies.get(STATE_COOKIE, ""), request.query.get("state", "")
    if not expected or not hmac.compare_digest(expected, given):
        return error_page(request, 403, "登录已过期或来源不明，请重新登录")
    code = request.query.get("code", "")
    if not code or len(code) > 256:
        return error_page(request, 400, "企业微信没有返回登录凭证，请重新登录")
    await limit_logins(request, "ip:" + client_ip(request))
    try:
        staff = await sign_in_staff_by_wecom(
            request.config_dict[WECOM_SIGNIN], code, utc_now(), request.get(REQUEST_ID, "")
        )
    except Unauthenticated as error:
        return error_page(request, 401, error.message)
    token, _ = await request.config_dict[SESSIONS].issue("staff", staff.id)
    target = str(request.app.router["console-queue"].url_for())
    page = (
        f'<!doctype html><meta http-equiv="refresh" content="0;url={target}">'
        f'<p><a href="{target}">继续</a></p>'
    )
    response = web.Response(text=page, content_type="text/html")
    session.set_cookie(request, response, session.COOKIE, token)
    response.del_cookie(STATE_COOKIE, path=session.PATH)
    return response
