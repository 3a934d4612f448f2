"""Console errors as pages: sign-in needed → the login form; anything a user can cause → a
plain page with the status (never a 500 for bad input)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web

from core.errors import DomainError, Unauthenticated
from miniapp_api.console.session import signed_in
from miniapp_api.errors import STATUS_BY_KIND

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC = frozenset(
    {
        "console-login",
        "console-login-submit",
        "console-login-wecom",
        "console-login-wecom-callback",
    }
)
TITLES = {
    400: "请求有误",
    403: "无权进行此操作",
    404: "未找到",
    405: "不支持的请求方式",
    409: "当前状态不允许此操作",
    413: "提交的内容过大",
    422: "填写有误",
    429: "操作过于频繁，请稍后再试",
    503: "服务暂不可用，请稍后再试",
}
# Domain messages are English; marked as such so a screen reader does not read them as Chinese.
CJK = re.compile(r"[\u4e00-\u9fff]")


@web.middleware
async def console_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        route = request.match_info.route.name
        if route not in PUBLIC and await signed_in(request) is None:
            raise web.HTTPSeeOther(request.app.router["console-login"].url_for())
        return await handler(request)
    except Unauthenticated:
        raise web.HTTPSeeOther(request.app.router["console-login"].url_for()) from None
    except DomainError as error:
        status = STATUS_BY_KIND.get(error.kind, 400)
        detail = "；".join(f"{k}: {v}" for k, v in error.fields.items())
        return error_page(request, status, error.message + (f"（{detail}）" if detail else ""))
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return error_page(request, error.status, error.reason)


def error_page(request: web.Request, status: int, message: str, title: str = "") -> web.Response:
    context = {
        "title": title or TITLES.get(status, "出错了"),
        "message": message,
        "message_lang": "zh-CN" if CJK.search(message) else "en",
        "status": status,
        "back": _back_link(request),
    }
    return aiohttp_jinja2.render_template("error.html", request, context, status=status)


def _back_link(request: web.Request) -> str:
    """The console page the user came from (the Referer), else the queue: a plain link, since
    the console runs no script (history.back() is blocked by its CSP)."""
    referer = urlsplit(request.headers.get("Referer", ""))
    same_site = referer.netloc in ("", request.host)
    if same_site and referer.path.startswith("/console/") and referer.path != request.path:
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/console/queue"
