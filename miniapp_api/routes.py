"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import (
    booking_api,
    calendar_api,
    cases_api,
    catalog_api,
    console,
    hall_queue_api,
    health,
    notify_api,
    openapi,
    reports_api,
    reviews_api,
    reviews_staff_api,
    sessions,
    staff_cases_api,
    supervision_api,
    tickets_api,
    tickets_callbacks_api,
    tickets_staff_api,
)

FEATURES = (
    health,
    openapi,
    sessions,
    calendar_api,
    catalog_api,
    cases_api,
    staff_cases_api,
    notify_api,
    supervision_api,
    tickets_api,
    tickets_staff_api,
    tickets_callbacks_api,
    booking_api,
    hall_queue_api,
    reports_api,
    reviews_api,
    reviews_staff_api,
)


def setup_routes(app: web.Application) -> None:
    for feature in FEATURES:
        feature.table.add_to(app)
    # HTML pages for staff; not API operations, so not in the OpenAPI document.
    console.setup(app)
