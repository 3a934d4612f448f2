"""The mini-program / official-account host (api.weixin.qq.com)."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim import mp_auth, mp_identity, mp_messages
from devtools.wechat_sim.control import setup_control_routes
from devtools.wechat_sim.errors import MP_HOST
from devtools.wechat_sim.identity_control import MP_ROUTES
from devtools.wechat_sim.middleware import simulator_middleware
from devtools.wechat_sim.state import SimulatorState
from devtools.wechat_sim.wire import HOST, STATE


def create_mp_app(state: SimulatorState) -> web.Application:
    app = web.Application(middlewares=[simulator_middleware])
    app[STATE] = state
    app[HOST] = MP_HOST
    app.router.add_routes(
        [
            web.get("/sns/jscode2session", mp_auth.jscode2session),
            web.get("/cgi-bin/token", mp_auth.token),
            web.post("/cgi-bin/stable_token", mp_auth.stable_token),
            web.post("/cgi-bin/message/subscribe/send", mp_messages.subscribe_send),
            web.post("/cgi-bin/message/custom/send", mp_messages.custom_send),
            web.post("/wxa/business/getuserphonenumber", mp_identity.get_user_phone_number),
            web.post("/cityservice/face/identify/getverifyid", mp_identity.get_verify_id),
            web.post("/cityservice/face/identify/queryverifyinfo", mp_identity.query_verify_info),
            *MP_ROUTES,
        ]
    )
    setup_control_routes(app)
    return app
