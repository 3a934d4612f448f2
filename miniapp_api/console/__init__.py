"""The staff web console (/console/): server-rendered pages, no build step, not in the API doc.

A sub-application with its own middleware, so its errors are HTML pages, not JSON problems; the
main application's edge middleware (request ids, admission, the outbox wake-up) still wraps it.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from core.appkeys import SETTINGS
from miniapp_api.console import (
    audit_log,
    callback_visits,
    card_actions,
    cases,
    catalog_drafts,
    catalog_pages,
    catalog_preview,
    decisions,
    hall,
    queue,
    receipt,
    rectifications,
    reports,
    search,
    signin,
    tickets,
    walk_in,
    worklist,
)
from miniapp_api.console.errors import console_middleware
from miniapp_api.console.render import setup_filters
from miniapp_api.identity import console_signin
from miniapp_api.security_headers import console_headers, content_security_policy, style_hashes

TEMPLATES = Path(__file__).resolve().parent / "templates"


def setup(app: web.Application) -> None:
    console = web.Application(middlewares=[console_middleware])
    # Shared helpers (client_ip) read the settings from request.app; the rest via config_dict.
    console[SETTINGS] = app[SETTINGS]
    environment = aiohttp_jinja2.setup(
        console,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    setup_filters(environment)
    for module in (
        signin,
        console_signin,
        cases,
        worklist,
        reports,
        hall,
        walk_in,
        receipt,
        callback_visits,
        catalog_pages,
        catalog_drafts,
        catalog_preview,
        queue,
        tickets,
        rectifications,
        search,
        card_actions,
        decisions,
        audit_log,
    ):
        console.add_routes(module.routes)
    # Every console answer, error pages and redirects included; the main app adds nosniff.
    policy = content_security_policy(style_hashes(TEMPLATES / "base.html"))
    console.on_response_prepare.append(console_headers(policy))
    app.add_subapp("/console/", console)
