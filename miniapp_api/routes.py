"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import (
    calendar_api,
    health,
    openapi,
    sessions,
    tickets_api,
    tickets_callbacks_api,
    tickets_staff_api,
)


def setup_routes(app: web.Application) -> None:
    for feature in (
        health,
        openapi,
        sessions,
        calendar_api,
        tickets_api,
        tickets_staff_api,
        tickets_callbacks_api,
    ):
        feature.table.add_to(app)
