"""A Tencent Cloud SMS (API 3.0) simulator over HTTP: SendSms, the status pulls, a control API.

Tests build it with `create_sms_app(state)`; other processes run `python -m devtools.sms_sim`.
"""

from aiohttp import web

from devtools.sms_sim import api, control
from devtools.sms_sim.state import Delivered, Fault, SmsSimState


def create_sms_app(state: SmsSimState | None = None) -> web.Application:
    app = web.Application()
    api.add_routes(app, state or SmsSimState())
    control.add_routes(app)
    return app


__all__ = ["Delivered", "Fault", "SmsSimState", "create_sms_app"]
