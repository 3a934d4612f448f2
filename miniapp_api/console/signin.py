"""Console sign-in and sign-out, with the same accounts, checks and limits as staffLogin."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from core.appkeys import PASSWORDS, SESSIONS
from core.errors import Unauthenticated
from miniapp_api.auth.limits import limit_logins, login_guard
from miniapp_api.client_ip import client_ip
from miniapp_api.console import session
from workflows.accounts import sign_in_staff

routes = web.RouteTableDef()


def _login_form(request: web.Request, message: str = "", status: int = 200) -> web.Response:
    token = session.new_login_token()
    response = aiohttp_jinja2.render_template(
        "login.html", request, {"csrf": token, "message": message}, status=status
    )
    session.set_cookie(request, response, session.LOGIN_COOKIE, token)
    return response


@routes.get("/", name="console-home")
async def home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther(request.app.router["console-queue"].url_for())


@routes.get("/login", name="console-login")
async def login_form(request: web.Request) -> web.Response:
    if await session.signed_in(request) is not None:
        raise web.HTTPSeeOther(request.app.router["console-queue"].url_for())
    return _login_form(request)


@routes.post("/login", name="console-login-submit")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    session.check_csrf(request.cookies.get(session.LOGIN_COOKIE), form.get("csrf"))
    username, password = form.get("username"), form.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return _login_form(request, "请输入用户名和密码", 422)
    username, password = username.strip()[:50], password[:200]
    if not username or not password:
        return _login_form(request, "请输入用户名和密码", 422)
    # The same counters as staffLogin: the console is no way around its limit.
    address = client_ip(request)
    await limit_logins(request, address)
    try:
        staff = await sign_in_staff(
            username, password, address, login_guard(request), request.config_dict[PASSWORDS]
        )
    except Unauthenticated:
        return _login_form(request, "用户名或密码错误", 401)
    token, _ = await request.config_dict[SESSIONS].issue("staff", staff.id)
    response = web.HTTPSeeOther(request.app.router["console-queue"].url_for())
    session.set_cookie(request, response, session.COOKIE, token)
    response.del_cookie(session.LOGIN_COOKIE, path=session.PATH)
    raise response


@routes.post("/logout", name="console-logout")
async def logout(request: web.Request) -> web.Response:
    await session.check_form(request)
    await request.config_dict[SESSIONS].revoke(request[session.TOKEN])
    response = web.HTTPSeeOther(request.app.router["console-login"].url_for())
    response.del_cookie(session.COOKIE, path=session.PATH)
    raise response
