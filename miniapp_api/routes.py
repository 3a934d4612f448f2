"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import console, health, openapi
from miniapp_api.admin import calendar, messages
from miniapp_api.auth import handlers as auth
from miniapp_api.booking import citizen as booking
from miniapp_api.booking import staff as hall_queue
from miniapp_api.cases import citizen as cases
from miniapp_api.cases import staff as staff_cases
from miniapp_api.catalog import halls
from miniapp_api.catalog import handlers as catalog
from miniapp_api.identity import admin as identity_admin
from miniapp_api.identity import citizen as identity
from miniapp_api.identity import staff as staff_identity
from miniapp_api.protection import admins as protection_admins
from miniapp_api.protection import rights as protection_rights
from miniapp_api.reports import staff as reports
from miniapp_api.reviews import citizen as reviews
from miniapp_api.reviews import staff as staff_reviews
from miniapp_api.supervision import staff as supervision
from miniapp_api.tickets import callbacks as ticket_callbacks
from miniapp_api.tickets import citizen as tickets
from miniapp_api.tickets import staff as staff_tickets

FEATURES = (
    health,
    openapi,
    auth,
    calendar,
    catalog,
    halls,
    cases,
    staff_cases,
    messages,
    supervision,
    tickets,
    staff_tickets,
    ticket_callbacks,
    booking,
    hall_queue,
    reports,
    reviews,
    staff_reviews,
    identity,
    staff_identity,
    identity_admin,
    protection_admins,
    protection_rights,
)


def setup_routes(app: web.Application) -> None:
    for feature in FEATURES:
        feature.table.add_to(app)
    # HTML pages for staff; not API operations, so not in the OpenAPI document.
    console.setup(app)
