"""WeChat webhooks: official account / mini-program customer service, WeChat Work callbacks.

Mounted by the server's app factory with `setup(app)`. The routes are WeChat's, not JSON API
operations, so they are not in the OpenAPI document.
"""

from __future__ import annotations

from aiohttp import web

from bots import citizen_webhook, staff_webhook
from bots.services import bots_ctx

CITIZEN_PATH = "/wechat/callback"
STAFF_PATH = "/wecom/callback"


def setup(app: web.Application) -> None:
    app.cleanup_ctx.append(bots_ctx)
    app.router.add_get(CITIZEN_PATH, citizen_webhook.verify, name="wechat-verify")
    app.router.add_post(CITIZEN_PATH, citizen_webhook.receive, name="wechat-receive")
    app.router.add_get(STAFF_PATH, staff_webhook.verify, name="wecom-verify")
    app.router.add_post(STAFF_PATH, staff_webhook.receive, name="wecom-receive")
