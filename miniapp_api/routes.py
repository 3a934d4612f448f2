"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import booking_api, calendar_api, hall_queue_api, health, openapi, sessions


def setup_routes(app: web.Application) -> None:
    for feature in (health, openapi, sessions, calendar_api, booking_api, hall_queue_api):
        feature.table.add_to(app)
