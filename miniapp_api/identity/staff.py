"""Staff sign-in with WeChat Work for API clients (the WeCom H5 page): wecomLogin."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from core.appkeys import SESSIONS
from miniapp_api.auth.limits import limit_logins
from miniapp_api.auth.schemas import SessionOut
from miniapp_api.authentication import REQUEST_ID
from miniapp_api.client_ip import client_ip
from miniapp_api.identity.resources import WECOM_SIGNIN
from miniapp_api.identity.schemas import WeComCodeIn
from miniapp_api.operations import OperationTable
from workflows.identity.staff_signin import sign_in_staff_by_wecom

table = OperationTable(tags=("auth",), audience="public")


@table.post("/api/auth/wecom-login", "wecomLogin", errors=(401, 429, 503))
async def wecom_login(request: web.Request, body: WeComCodeIn, now: datetime) -> SessionOut:
    """Staff login with a WeChat Work OAuth code (auth/getuserinfo, then user/get)"""
    await limit_logins(request, "ip:" + client_ip(request))
    staff = await sign_in_staff_by_wecom(
        request.app[WECOM_SIGNIN], body.code, now, request.get(REQUEST_ID, "")
    )
    token, session = await request.app[SESSIONS].issue("staff", staff.id)
    return SessionOut(
        token=token, kind="staff", expires_at=datetime.fromtimestamp(session.expires_at, UTC)
    )
