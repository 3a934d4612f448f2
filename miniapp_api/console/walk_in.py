"""Walk-in registration at the window (registerWalkInCase): the applicant's details, and per
material a file (streamed through the files workflow, as uploadMaterial) or paper seen at the
window (a free-text ref, as the API takes it). The receipt follows, with its rating QR code."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import InvalidInput
from miniapp_api.cases.schemas import WalkInCaseIn
from miniapp_api.console.hall_choice import chosen_hall
from miniapp_api.console.multipart import form_parts, text_of
from miniapp_api.console.receipt_flash import OneTime, hand_over, receipt_path
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from miniapp_api.files.resources import FILES
from miniapp_api.files.transfer import chunks, part_file_name
from miniapp_api.parsing import parse_model
from models.catalog import ServiceItem
from workflows import clock
from workflows.authz import Principal
from workflows.booking import hall_day
from workflows.cases.apply import register_walk_in
from workflows.cases.delivery import pickup_code_for_receipt
from workflows.files import intake
from workflows.reviews.links import issue_receipt_qr

routes = web.RouteTableDef()
PAPER_REF = "纸质材料窗口已收"
# What the form sends before its files (the files are checked against them).
TEXT_FIELDS = ("hall_id", "item_code", "applicant_name", "applicant_phone",
               "applicant_id_number", "sms_consent", "note", "delivery_method",
               "delivery_address", "recipient_name", "recipient_phone")  # fmt: skip


@routes.get("/hall/walk-in", name="console-walkin")
async def walk_in_form(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    hall, halls = await chosen_hall(principal, request.query.get("hall_id", ""))
    code = request.query.get("item", "").strip()[:64]
    item = await hall_day.served_item(hall, code) if code else None
    return page(
        request,
        "walk_in.html",
        {
            "hall": hall,
            "halls": halls,
            "items": await hall_day.served_items(hall),
            "item": item,
            "files": request.config_dict[FILES].settings,
        },
    )


def _material_index(name: str, prefix: str, item: ServiceItem) -> int:
    index = name.removeprefix(prefix)
    if not index.isdigit() or int(index) >= len(item.materials):
        raise InvalidInput("the form names no such material", code="material_unknown")
    return int(index)


def _details(fields: dict[str, str]) -> dict[str, Any]:
    def text(name: str) -> str:
        return fields.get(name, "").strip()

    details: dict[str, Any] = {
        "item_code": fields.get("item_code", ""),
        "applicant_name": text("applicant_name"),
        "applicant_phone": text("applicant_phone"),
        "applicant_id_number": text("applicant_id_number"),
        "sms_consent": fields.get("sms_consent") == "yes",
        "note": fields.get("note", ""),
    }
    if method := text("delivery_method"):  # 送达: as ApplicationIn.delivery
        details["delivery"] = {
            "method": method,
            "address": text("delivery_address"),
            "recipient_name": text("recipient_name"),
            "recipient_phone": text("recipient_phone"),
        }
    return details


async def _checked(principal: Principal, fields: dict[str, str]) -> ServiceItem:
    """Before any file is taken: the details are valid and the item is the hall's."""
    parse_model(WalkInCaseIn, _details(fields), "form")
    hall, _ = await chosen_hall(principal, fields.get("hall_id", ""))
    return await hall_day.served_item(hall, fields.get("item_code", ""))


@routes.post("/hall/walk-in", name="console-walkin-register")
async def register(request: web.Request) -> web.Response:
    principal, now = request[PRINCIPAL], clock.utc_now()
    files = request.config_dict[FILES]
    fields: dict[str, str] = {}
    item: ServiceItem | None = None
    uploads: dict[int, int] = {}
    paper: set[str] = set()
    async for name, part in form_parts(request):
        if name in TEXT_FIELDS and item is None:
            fields[name] = await text_of(part)
        elif name.startswith("paper-"):
            await text_of(part)
            paper.add(name)  # checked once the item is known
        elif name.startswith("file-"):
            item = item or await _checked(principal, fields)
            index = _material_index(name, "file-", item)
            file_name = part_file_name(part)
            if not file_name:  # a file input left empty
                continue
            target = await intake.item_target(
                principal, item.code, item.materials[index]["name"], files.settings
            )
            upload = await intake.receive(principal, target, file_name, chunks(part), files, now)
            uploads[index] = upload.id
        else:
            raise InvalidInput("the form has an unexpected field", code="field_unexpected")
    item = item or await _checked(principal, fields)
    seen_on_paper = {_material_index(name, "paper-", item) for name in paper}
    materials: list[dict[str, Any]] = []
    for index, material in enumerate(item.materials):
        if index in uploads:
            materials.append({"name": material["name"], "upload_id": uploads[index]})
        elif index in seen_on_paper:
            materials.append({"name": material["name"], "ref": PAPER_REF})
    body = parse_model(WalkInCaseIn, {**_details(fields), "materials": materials}, "form")
    settings = request.config_dict[SETTINGS]
    case, secret = await register_walk_in(
        principal,
        body.application(),
        await request.config_dict[CALENDAR].current(),
        now,
        settings.cases.acceptance_days,
    )
    qr = await issue_receipt_qr(principal, case.id, settings.reviews, now)
    response = web.HTTPSeeOther(receipt_path(case.id))
    pickup = await pickup_code_for_receipt(case.id)
    hand_over(
        request, response, OneTime(case.id, secret, qr.url, qr.expires_at.isoformat(), pickup)
    )
    raise response
