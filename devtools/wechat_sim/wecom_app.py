"""The WeChat Work host (qyapi.weixin.qq.com)."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim import (
    wecom_auth,
    wecom_cards,
    wecom_messages,
    wecom_oauth,
    wecom_webhook,
)
from devtools.wechat_sim.control import setup_control_routes
from devtools.wechat_sim.errors import WECOM_HOST
from devtools.wechat_sim.identity_control import WECOM_ROUTES
from devtools.wechat_sim.middleware import simulator_middleware
from devtools.wechat_sim.state import SimulatorState
from devtools.wechat_sim.wire import HOST, STATE


def create_wecom_app(state: SimulatorState) -> web.Application:
    app = web.Application(middlewares=[simulator_middleware])
    app[STATE] = state
    app[HOST] = WECOM_HOST
    app.router.add_routes(
        [
            web.get("/cgi-bin/gettoken", wecom_auth.gettoken),
            web.post("/cgi-bin/message/send", wecom_messages.send),
            web.post("/cgi-bin/message/update_template_card", wecom_cards.update_template_card),
            web.post("/cgi-bin/webhook/send", wecom_webhook.webhook_send),
            web.get("/cgi-bin/auth/getuserinfo", wecom_oauth.getuserinfo),
            web.get("/cgi-bin/user/get", wecom_oauth.user_get),
            # The browser pages (open.weixin.qq.com, login.work.weixin.qq.com) on the same host.
            web.get("/connect/oauth2/authorize", wecom_oauth.oauth2_authorize),
            web.get("/wwlogin/sso/login", wecom_oauth.sso_login),
            *WECOM_ROUTES,
        ]
    )
    setup_control_routes(app)
    return app
