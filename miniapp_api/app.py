"""The one application factory; the CLI and the tests both build the server through it."""

from __future__ import annotations

from aiohttp import web

import bots
from core.appkeys import SETTINGS
from core.settings import Settings
from miniapp_api import admission, metrics, resources
from miniapp_api.edge import edge_middleware
from miniapp_api.errors import PLAIN_ROUTES, plain_routes
from miniapp_api.files.resources import files_ctx
from miniapp_api.identity.resources import identity_ctx
from miniapp_api.openapi import DOCUMENT, build_document
from miniapp_api.routes import setup_routes
from miniapp_api.wakeup import nudger_ctx
from workflows.exchange import switch as exchange_switch

READ_BUFSIZE = 64 * 1024


def create_app(settings: Settings) -> web.Application:
    app = web.Application(
        client_max_size=settings.server.max_body_bytes,
        # A connection stops reading its socket once it holds twice this unread; at aiohttp's
        # 256 KiB, 20 uploads in flight held 10 MB (bench/upload_rss.py). A JSON body is read
        # whole whatever this is (request.read() raises the limit for it).
        handler_args={"read_bufsize": READ_BUFSIZE},
    )
    app[SETTINGS] = settings
    exchange_switch.configure(settings.exchange.enabled)  # case steps etc. go up only if on
    admission.setup(app)
    app.middlewares.append(edge_middleware(app[admission.GATE]))
    app.cleanup_ctx.extend(
        [
            resources.database_ctx,
            resources.kv_ctx,
            nudger_ctx,
            resources.passwords_ctx,
            resources.http_ctx,
            resources.calendar_ctx,
            resources.search_ctx,
            identity_ctx,
            resources.catalog_cache_ctx,
            files_ctx,
        ]
    )
    setup_routes(app)
    bots.setup(app)  # the WeChat webhooks (not JSON operations, not in the document)
    metrics.setup(app)  # Prometheus; not an operation, not in the document
    app[DOCUMENT] = build_document(app)
    app[PLAIN_ROUTES] = plain_routes(app.router)  # every route is in by now
    return app
