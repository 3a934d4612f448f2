"""The identity platform's host."""

from __future__ import annotations

from aiohttp import web

from devtools.idp_sim import endpoints
from devtools.idp_sim.control import setup_control_routes
from devtools.idp_sim.state import IdpState


def create_idp_app(state: IdpState) -> web.Application:
    app = web.Application()
    app[endpoints.STATE] = state
    app.router.add_routes(
        [
            web.get("/.well-known/openid-configuration", endpoints.discovery),
            web.get("/jwks", endpoints.jwks),
            web.get("/authorize", endpoints.authorize),
            web.post("/token", endpoints.token),
            web.get("/userinfo", endpoints.userinfo),
            web.post("/userinfo", endpoints.userinfo),
        ]
    )
    setup_control_routes(app)
    return app
