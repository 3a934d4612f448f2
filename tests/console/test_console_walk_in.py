"""Walk-in registration at the window over HTTP (registerWalkInCase with a streamed upload and a
paper material), and the printable receipt with its one-time lookup secret and rating QR code."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.case_lifecycle import CaseDelivery
from models.cases import Case, CaseChannel
from models.files import CaseMaterial, MaterialUpload
from models.review_channels import RatingLink
from tests.console.clerk_fixtures import CLERK, HANDLER, OTHER_CLERK, WALK_IN_ITEM, ClerkDay
from tests.console.conftest import blank_pdf as pdf
from tests.console.conftest import csrf_of
from workflows.cases.numbers import secret_matches

Login = Callable[..., Awaitable[str]]


@pytest.fixture
def settings_overrides(clerk_settings: dict[str, str]) -> dict[str, str]:
    return clerk_settings


def stored_files(settings: dict[str, str]) -> list[Path]:
    store = Path(settings["MINIAPP_FILES_DIRECTORY"])
    return [p for p in store.rglob("*") if p.is_file()] if store.exists() else []


def walk_in_form(token: str, hall_id: int, file: bytes | None, **fields: str) -> aiohttp.FormData:
    """The fields in the page's own order: token, details, then per material paper and file."""
    body = aiohttp.FormData()
    details = {
        "hall_id": str(hall_id),
        "item_code": WALK_IN_ITEM,
        "applicant_name": "孙七",
        "applicant_phone": "13912345678",
        "applicant_id_number": "11010519491231002X",
        "note": "",
        **fields,
    }
    for name, value in (("csrf", token), *details.items()):
        body.add_field(name, value)
    if file is not None:
        body.add_field("file-0", file, filename="申请书.pdf", content_type="application/pdf")
    body.add_field("paper-1", "yes")
    body.add_field("file-1", b"", filename="", content_type="application/octet-stream")
    return body


async def _form_page(client: TestClient, hall_id: int) -> str:
    response = await client.get(f"/console/hall/walk-in?hall_id={hall_id}&item={WALK_IN_ITEM}")
    assert response.status == 200, await response.text()
    return await response.text()


async def test_clerk_registers_a_walk_in_with_an_upload_and_prints_its_receipt(
    client: TestClient, clerk_day: ClerkDay, console_login: Login, clerk_settings: dict
) -> None:
    await console_login(CLERK)
    html = await _form_page(client, clerk_day.hall.id)
    assert 'enctype="multipart/form-data"' in html and "申请书：上传电子件" in html
    assert '<label for="applicant_name">' in html
    response = await client.post(
        "/console/hall/walk-in",
        data=walk_in_form(
            csrf_of(html),
            clerk_day.hall.id,
            pdf(),
            delivery_method="post",
            delivery_address="城关区人民路 8 号 3 单元 501 室",
            recipient_name="孙七",
            recipient_phone="13912345678",
        ),
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    case = await Case.get(channel=CaseChannel.WINDOW)
    assert response.headers["Location"] == f"/console/cases/{case.id}/receipt"
    assert case.channel == CaseChannel.WINDOW and case.applicant_phone == "13912345678"
    assert [m["name"] for m in case.materials] == ["申请书", "身份证复印件"]
    assert case.materials[1]["ref"] == "纸质材料窗口已收"
    upload = await MaterialUpload.get(case_id=case.id)
    assert upload.attached_at is not None and upload.media_type == "application/pdf"
    assert await CaseMaterial.filter(case_id=case.id, material_name="申请书").count() == 1
    assert stored_files(clerk_settings) != []
    assert await AuditRecord.exists(action="file.upload", object_id=str(upload.id))
    assert await AuditRecord.exists(action="rating_link.issued", object_id=str(case.id))

    receipt = await client.get(response.headers["Location"])
    text = await receipt.text()
    assert receipt.status == 200
    assert (
        case.case_no in text and "个体工商户登记" in text and "孙*" in text and "孙七" not in text
    )
    assert "电子件：申请书.pdf" in text and "纸质材料窗口已收" in text
    assert "邮寄送达" in text and "501 室" not in text  # the address masked
    assert "5 个工作日" in text and "@media print" in text and "<script" not in text
    secret = text.split('id="receipt-secret" class="secret">')[1].split("<")[0]
    assert secret_matches(case.case_no, secret, case.lookup_secret_hash)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and "扫码评价" in text
    assert await RatingLink.filter(subject_id=case.id, revoked_at=None).count() == 1

    again = await (await client.get(f"/console/cases/{case.id}/receipt")).text()
    assert secret not in again and "<svg" not in again  # shown once
    assert "补打回执：重新生成评价二维码" in again

    reprint = await client.post(
        f"/console/cases/{case.id}/receipt/rating-qr", data={"csrf": csrf_of(again)}
    )
    assert reprint.status == 200 and "<svg" in await reprint.text()
    links = await RatingLink.filter(subject_id=case.id).order_by("id")
    assert len(links) == 2 and links[0].revoked_at is not None and links[1].revoked_at is None


async def test_a_walk_in_collecting_at_the_window_gets_the_pick_up_code_on_the_first_print(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    await console_login(CLERK)
    html = await _form_page(client, clerk_day.hall.id)
    response = await client.post(
        "/console/hall/walk-in",
        data=walk_in_form(csrf_of(html), clerk_day.hall.id, pdf(), delivery_method="window"),
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    case = await Case.get(channel=CaseChannel.WINDOW)
    delivery = await CaseDelivery.get(case_id=case.id)
    assert len(delivery.pickup_code) == 6

    first = await (await client.get(response.headers["Location"])).text()
    assert "窗口领取" in first
    assert f'id="receipt-pickup" class="secret">{delivery.pickup_code}<' in first
    again = await (await client.get(f"/console/cases/{case.id}/receipt")).text()
    assert 'id="receipt-pickup"' not in again  # the staff never read it back
    await console_login(HANDLER)
    case_page = await (await client.get(f"/console/cases/{case.id}")).text()
    assert delivery.pickup_code not in case_page


async def test_bad_details_or_a_missing_token_register_nothing_and_store_no_file(
    client: TestClient, clerk_day: ClerkDay, console_login: Login, clerk_settings: dict
) -> None:
    await console_login(CLERK)
    token = csrf_of(await _form_page(client, clerk_day.hall.id))
    hall = clerk_day.hall.id
    bad_phone = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, hall, pdf(), applicant_phone="12ab")
    )
    assert bad_phone.status == 422 and "applicant_phone" in await bad_phone.text()
    bad_id = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, hall, pdf(), applicant_id_number="1")
    )
    assert bad_id.status == 422
    no_address = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, hall, pdf(), delivery_method="post")
    )
    assert no_address.status == 422 and "address" in await no_address.text()
    odd_method = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, hall, pdf(), delivery_method="pigeon")
    )
    assert odd_method.status == 422
    no_token = await client.post("/console/hall/walk-in", data=walk_in_form("x", hall, pdf()))
    assert no_token.status == 403
    not_pdf = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, hall, b"GIF89a not a pdf at all")
    )
    assert not_pdf.status in (415, 422), await not_pdf.text()
    not_multipart = await client.post("/console/hall/walk-in", data={"csrf": token})
    assert not_multipart.status == 400
    assert await Case.all().count() == 0 and await MaterialUpload.all().count() == 0
    assert stored_files(clerk_settings) == []


async def test_receipts_and_registration_follow_the_apis_authorisation(
    client: TestClient, clerk_day: ClerkDay, console_login: Login
) -> None:
    await console_login(CLERK)
    token = csrf_of(await _form_page(client, clerk_day.hall.id))
    response = await client.post(
        "/console/hall/walk-in", data=walk_in_form(token, clerk_day.hall.id, None)
    )
    assert response.status == 200
    case = await Case.get(channel=CaseChannel.WINDOW)
    assert [m["name"] for m in case.materials] == ["身份证复印件"]  # paper only
    other_hall = await client.get(f"/console/hall/walk-in?hall_id={clerk_day.other_hall.id}")
    assert other_hall.status == 404

    client.session.cookie_jar.clear()
    await console_login(HANDLER)  # the department's handler reads the receipt, cannot register
    assert (await client.get(f"/console/cases/{case.id}/receipt")).status == 200
    assert (await client.get("/console/hall/walk-in")).status == 403

    client.session.cookie_jar.clear()
    await console_login(OTHER_CLERK)  # another department's window
    assert (await client.get(f"/console/cases/{case.id}/receipt")).status == 404
    token = csrf_of(await (await client.get("/console/hall")).text())
    qr = await client.post(f"/console/cases/{case.id}/receipt/rating-qr", data={"csrf": token})
    assert qr.status == 404
    assert await RatingLink.filter(subject_id=case.id).count() == 1
