"""The WeChat Work host (qyapi.weixin.qq.com)."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim import wecom_auth, wecom_cards, wecom_messages, wecom_webhook
from devtools.wechat_sim.control import setup_control_routes
from devtools.wechat_sim.errors import WECOM_HOST
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
        ]
    )
    setup_control_routes(app)
    return app
