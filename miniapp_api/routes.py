"""Every feature's operations, registered on the application in one place."""

from aiohttp import web

from miniapp_api import console, health, openapi
from miniapp_api.admin import calendar, messages
from miniapp_api.auth import handlers as auth
from miniapp_api.booking import citizen as booking
from miniapp_api.booking import staff as hall_queue
from miniapp_api.cases import citizen as cases
from miniapp_api.cases import lifecycle_staff as case_lifecycle
from miniapp_api.cases import staff as staff_cases
from miniapp_api.cases import withdrawal as case_withdrawal
from miniapp_api.catalog import halls
from miniapp_api.catalog import handlers as catalog
from miniapp_api.catalog import review as catalog_review
from miniapp_api.certificates import citizen as certificates
from miniapp_api.certificates import staff as staff_certificates
from miniapp_api.exchange import province as exchange
from miniapp_api.exchange import staff as staff_exchange
from miniapp_api.files import citizen as files
from miniapp_api.files import download as file_download
from miniapp_api.files import staff as staff_files
from miniapp_api.identity import admin as identity_admin
from miniapp_api.identity import citizen as identity
from miniapp_api.identity import staff as staff_identity
from miniapp_api.protection import admins as protection_admins
from miniapp_api.protection import rights as protection_rights
from miniapp_api.regions import staff as regions
from miniapp_api.reports import staff as reports
from miniapp_api.reviews import citizen as reviews
from miniapp_api.reviews import device as review_devices
from miniapp_api.reviews import links as rating_links
from miniapp_api.reviews import staff as staff_reviews
from miniapp_api.routing import admin as routing_admin
from miniapp_api.routing import citizen as bundles
from miniapp_api.routing import staff as routing
from miniapp_api.supervision import oversight
from miniapp_api.supervision import staff as supervision
from miniapp_api.tickets import callbacks as ticket_callbacks
from miniapp_api.tickets import citizen as tickets
from miniapp_api.tickets import hotline as hotline_tickets
from miniapp_api.tickets import staff as staff_tickets

FEATURES = (
    health,
    openapi,
    auth,
    calendar,
    catalog,
    catalog_review,
    halls,
    cases,
    staff_cases,
    messages,
    supervision,
    oversight,
    tickets,
    staff_tickets,
    ticket_callbacks,
    hotline_tickets,
    booking,
    hall_queue,
    reports,
    reviews,
    staff_reviews,
    review_devices,
    rating_links,
    identity,
    staff_identity,
    identity_admin,
    files,
    staff_files,
    file_download,
    routing,
    bundles,
    routing_admin,
    regions,
    exchange,
    staff_exchange,
    case_withdrawal,
    case_lifecycle,
    certificates,
    staff_certificates,
    protection_admins,
    protection_rights,
)


def setup_routes(app: web.Application) -> None:
    for feature in FEATURES:
        feature.table.add_to(app)
    # HTML pages for staff; not API operations, so not in the OpenAPI document.
    console.setup(app)
