"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import calendar_api, health, notify_api, openapi, sessions, supervision_api


def setup_routes(app: web.Application) -> None:
    for feature in (health, openapi, sessions, calendar_api, notify_api, supervision_api):
        feature.table.add_to(app)
