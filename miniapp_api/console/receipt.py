"""The printable receipt of a registered case (受理回执/收件凭证), and a reprint's new rating QR
code (issueReceiptRatingQr). Printed with the browser's own print menu: no script."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.masking import mask_name
from miniapp_api.cases.lifecycle_present import lifecycle_parts
from miniapp_api.console.params import row_id
from miniapp_api.console.qr_svg import qr_svg
from miniapp_api.console.receipt_flash import OneTime, forget, hand_over, receipt_path, take
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.files.present import case_files
from models.case_lifecycle import DeliveryMethod
from models.cases import Case, CaseChannel
from models.people import StaffRole
from workflows import clock
from workflows.authz import require_role
from workflows.cases.machine import STATUS_LABELS
from workflows.cases.queries import case_for
from workflows.reviews.links import issue_receipt_qr

routes = web.RouteTableDef()
RECEIPT_ROLES = (StaffRole.CLERK, StaffRole.HANDLER)  # as issueReceiptRatingQr
DELIVERY_LABELS = {
    DeliveryMethod.WINDOW: "窗口领取",
    DeliveryMethod.POST: "邮寄送达",
    DeliveryMethod.ELECTRONIC: "电子送达",
}


async def received_materials(case: Case) -> list[dict[str, str]]:
    """Each material the case was registered with, and how it was handed in."""
    file_names = {f.material_name: f.file_name for f in await case_files(case.id, for_staff=True)}
    rows = []
    for material in case.materials:
        name = material.get("name", "")
        if "upload_id" in material or "library_entry_id" in material:
            how = f"电子件：{file_names.get(name) or '已上传'}"
        else:
            how = str(material.get("ref", ""))
        rows.append({"name": name, "how": how})
    return rows


@routes.get("/cases/{case_id}/receipt", name="console-receipt")
async def receipt(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    case_id = row_id(request, "case_id")
    require_role(principal, *RECEIPT_ROLES)
    case = await case_for(principal, case_id)
    calendar = await request.config_dict[CALENDAR].current()
    now = clock.utc_now()
    context: dict[str, Any] = {
        "case": case,
        "applicant": mask_name(case.applicant_name),
        "status_labels": STATUS_LABELS,
        "materials": await received_materials(case),
        **await lifecycle_parts(case.id, with_pickup_code=False),  # as staff see it
        "delivery_labels": DELIVERY_LABELS,
        "if_accepted_today": calendar.due_at(now, case.promised_limit_days),
        "walk_in": case.channel == CaseChannel.WINDOW,
        "printed_at": now,
        **_one_time(take(request, case.id)),
    }
    response = page(request, "receipt.html", context)
    forget(request, response, case.id)
    return response


def _one_time(shown: OneTime | None) -> dict[str, Any]:
    if shown is None:
        return {"secret": "", "rating_url": "", "rating_expires": None, "qr": None, "pickup": ""}
    try:
        expires = datetime.fromisoformat(shown.rating_expires) if shown.rating_expires else None
    except ValueError:
        expires = None
    return {
        "secret": shown.lookup_secret,
        "rating_url": shown.rating_url,
        "rating_expires": expires,
        "qr": qr_svg(shown.rating_url) if shown.rating_url else None,
        "pickup": shown.pickup_code,
    }


@routes.post("/cases/{case_id}/receipt/rating-qr", name="console-receipt-qr")
async def new_rating_qr(request: web.Request) -> web.Response:
    """A reprint: a new rating QR code replaces the earlier one (audited by the workflow)."""
    case_id = row_id(request, "case_id")
    await check_form(request)
    require_role(request[PRINCIPAL], *RECEIPT_ROLES)
    settings = request.config_dict[SETTINGS]
    qr = await issue_receipt_qr(request[PRINCIPAL], case_id, settings.reviews, clock.utc_now())
    response = web.HTTPSeeOther(receipt_path(case_id))
    hand_over(request, response, OneTime(case_id, "", qr.url, qr.expires_at.isoformat()))
    raise response
