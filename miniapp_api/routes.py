"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import calendar_api, health, openapi, sessions


def setup_routes(app: web.Application) -> None:
    for feature in (health, openapi, sessions, calendar_api):
        feature.table.add_to(app)
