"""End to end, through the HTTP API only (issue 17, "Done when"): a citizen who holds an
e-certificate from an earlier case applies with two uploads and that certificate from their
library (免提交, seed 002 art. 26), is asked to correct one file, resubmits, is approved, gets an
e-certificate of their own (seed 002 art. 40), downloads it, and anyone verifies it — genuine,
then revoked."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from models.outbox import OutboxMessage, RecipientType
from models.people import Citizen

Headers = dict[str, Any]

GUIDE_A = {
    "name": "营业执照核发",
    "item_type": "行政许可",
    "department_code": "DEPT-A",
    "online_depth": "全程网办",
    "legal_limit_days": 20,
    "promised_limit_days": 5,
    "materials": [{"name": "设立登记申请书", "copies": 1}],
    "certificate_name": "营业执照",
    "certificate_valid_days": 3650,
}
GUIDE_B = {
    "name": "食品经营许可",
    "item_type": "行政许可",
    "department_code": "DEPT-B",
    "online_depth": "全程网办",
    "legal_limit_days": 20,
    "promised_limit_days": 10,
    "materials": [
        {"name": "申请书", "format": "电子件", "copies": 1,
         "upload": {"types": ["pdf"], "max_pages": 3}},
        {"name": "经营场所照片", "format": "电子件", "copies": 1,
         "upload": {"types": ["png", "jpeg"], "max_pixels": 1_000_000}},
        {"name": "营业执照", "format": "电子证照", "copies": 1},
    ],
    "certificate_name": "食品经营许可证",
    "certificate_valid_days": 1825,
}  # fmt: skip
APPLICANT = {
    "applicant_name": "张三丰",
    "applicant_phone": "13812345678",
    "applicant_id_number": "11010519491231002X",
}


@pytest.fixture
def settings_overrides(tmp_path: Any) -> dict[str, str]:
    return {
        "MINIAPP_FILES_DIRECTORY": str(tmp_path / "store"),
        "MINIAPP_FILES_TEMP_DIRECTORY": str(tmp_path),
        "MINIAPP_FILES_LINK_KEY": "e2e-link-key",
        "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
    }


def real_pdf(text: str) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawString(72, 760, text)
    page.showPage()
    page.save()
    return out.getvalue()


def real_png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(out, "PNG")
    return out.getvalue()


def multipart(data: bytes, filename: str, content_type: str) -> aiohttp.FormData:
    body = aiohttp.FormData()
    body.add_field("file", data, filename=filename, content_type=content_type)
    return body


async def ok(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def publish(client: TestClient, code: str, guide: dict[str, Any], author: Headers,
                  supervisor: Headers) -> None:  # fmt: skip
    await ok(await client.put(f"/api/staff/items/{code}", json=guide, headers=author))
    await ok(
        await client.post(
            f"/api/staff/items/{code}/status", json={"status": "published"}, headers=supervisor
        )
    )


async def transition(client: TestClient, staff: Headers, case_id: int, action: str,
                     **body: Any) -> dict[str, Any]:  # fmt: skip
    return await ok(
        await client.post(
            f"/api/staff/cases/{case_id}/transitions",
            json={"action": action, **body},
            headers=staff,
        )
    )


async def citizen_notices(openid: str, case_id: int) -> list[tuple[str, str]]:
    """(status, note) of each notice the citizen was sent about one case, in order."""
    citizen = await Citizen.get(openid=openid)
    rows = await OutboxMessage.filter(
        recipient_type=RecipientType.CITIZEN,
        recipient_id=citizen.id,
        subject_type="case",
        subject_id=case_id,
    ).order_by("id")
    return [(row.data["status"], row.data["note"]) for row in rows]


async def test_apply_with_two_uploads_and_a_library_certificate_through_to_verification(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
) -> None:
    handler_a = await make_staff("handler-a", ["handler"], "DEPT-A")
    handler_b = await make_staff("handler-b", ["handler"], "DEPT-B")
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-S")
    await publish(client, "BIZ-LICENCE", GUIDE_A, handler_a, supervisor)
    await publish(client, "FOOD-PERMIT", GUIDE_B, handler_b, supervisor)
    citizen = await login_citizen("o-e2e-holder")

    # --- An earlier case gives the citizen a 营业执照 e-certificate. ---
    first = await ok(
        await client.post(
            "/api/cases",
            json={**APPLICANT, "item_code": "BIZ-LICENCE",
                  "materials": [{"name": "设立登记申请书", "ref": "窗口纸质件"}]},
            headers=citizen,
        ),
        201,
    )  # fmt: skip
    first_case = first["case"]
    for action in ("accept", "start_review"):
        await transition(client, handler_a, first_case["id"], action)
    approved_a = await transition(client, handler_a, first_case["id"], "approve", reason="准予")
    licence_number = approved_a["certificate_number"]
    assert licence_number

    library = (await ok(await client.get("/api/files/library", headers=citizen)))["entries"]
    assert len(library) == 1
    (licence_entry,) = library
    assert licence_entry["material_name"] == "营业执照"
    assert licence_number in licence_entry["title"]
    assert licence_entry["origin"]["kind"] == "certificate"
    assert licence_entry["origin"]["case_no"] == first_case["case_no"]
    assert licence_entry["origin"]["department"] == "部门 DEPT-A"
    assert licence_entry["origin"]["verified_at"] is not None
    assert licence_entry["origin"]["valid_until"] is not None

    # --- The guide of item B asks for three materials; two are uploaded, one comes from the
    # library. ---
    guide = await ok(await client.get("/api/items/FOOD-PERMIT"))
    assert [m["name"] for m in guide["materials"]] == ["申请书", "经营场所照片", "营业执照"]

    async def upload(material: str, data: bytes, filename: str, content_type: str) -> int:
        shown = await ok(
            await client.post(
                "/api/files/uploads",
                params={"item_code": "FOOD-PERMIT", "material": material},
                data=multipart(data, filename, content_type),
                headers=citizen,
            ),
            201,
        )
        assert shown["material_name"] == material and not shown["attached"]
        return shown["id"]

    form_pdf = real_pdf("Food permit application")
    photo_v1 = real_png((200, 40, 40))
    form_id = await upload("申请书", form_pdf, "申请书.pdf", "application/pdf")
    photo_id = await upload("经营场所照片", photo_v1, "门店.png", "image/png")
    submitted = await ok(
        await client.post(
            "/api/cases",
            json={**APPLICANT, "item_code": "FOOD-PERMIT", "materials": [
                {"name": "申请书", "upload_id": form_id},
                {"name": "经营场所照片", "upload_id": photo_id},
                {"name": "营业执照", "library_entry_id": licence_entry["id"]},
            ]},
            headers=citizen,
        ),
        201,
    )  # fmt: skip
    case = submitted["case"]
    case_id = case["id"]
    assert case["status"] == "submitted"
    assert {m["name"] for m in case["materials"]} == {"申请书", "经营场所照片", "营业执照"}

    # --- The department sees each file, and where the library material came from. ---
    detail = await ok(await client.get(f"/api/cases/{case_id}", headers=handler_b))
    files = {f["material_name"]: f for f in detail["files"]}
    assert set(files) == {"申请书", "经营场所照片", "营业执照"}
    assert files["申请书"]["source"] == "upload"
    assert files["申请书"]["media_type"] == "application/pdf"
    assert files["申请书"]["file_name"] == "申请书.pdf"
    assert files["经营场所照片"]["media_type"] == "image/png"
    licence = files["营业执照"]
    assert [(m["name"], m["ref"]) for m in detail["materials"]] == [
        ("申请书", f"upload:{form_id}"), ("经营场所照片", f"upload:{photo_id}"),
        ("营业执照", f"library:{licence_entry['id']}"),
    ]  # fmt: skip
    assert licence["source"] == "library"
    assert licence["origin"]["kind"] == "certificate"
    assert licence["origin"]["case_no"] == first_case["case_no"]
    assert licence["origin"]["department"] == "部门 DEPT-A"
    # The department reads the certificate's number off the origin, to verify it itself.
    assert (
        licence_entry["title"] in licence["origin"]["title"]
        and "DZZZ" in licence["origin"]["title"]
    )
    assert licence["origin"]["verified_at"] is not None  # issued by the system: verified
    # The department opens the uploaded form through a short-lived link: the same bytes.
    link = await ok(
        await client.get(f"/api/files/materials/{files['申请书']['id']}/link", headers=handler_b)
    )
    got = await client.get(link["url"])
    assert got.status == 200 and await got.read() == form_pdf
    # Another department's handler does not see the case at all.
    assert (await client.get(f"/api/cases/{case_id}", headers=handler_a)).status == 404

    # --- The department asks for a better photo. ---
    asked = await transition(
        client, handler_b, case_id, "request_correction",
        missing_materials=["经营场所照片"], note="照片看不清门头",
    )  # fmt: skip
    assert asked["status"] == "correction_needed"
    mine = await ok(await client.get(f"/api/cases/{case_id}", headers=citizen))
    assert mine["status"] == "correction_needed"
    assert mine["correction_materials"] == ["经营场所照片"]

    photo_v2 = real_png((40, 200, 40))
    replacement = await ok(
        await client.post(
            f"/api/files/cases/{case_id}/uploads",
            params={"material": "经营场所照片"},
            data=multipart(photo_v2, "门店-清晰.png", "image/png"),
            headers=citizen,
        ),
        201,
    )
    resubmitted = await ok(
        await client.post(
            f"/api/cases/{case_id}/correction",
            json={"materials": [{"name": "经营场所照片", "upload_id": replacement["id"]}]},
            headers=citizen,
        )
    )
    assert resubmitted["status"] == "submitted"
    photos = [f for f in resubmitted["files"] if f["material_name"] == "经营场所照片"]
    assert len(photos) == 2
    old, new = sorted(photos, key=lambda f: f["superseded_at"] is None)
    assert old["superseded_at"] is not None and old["file_name"] == "门店.png"
    assert new["superseded_at"] is None and new["file_name"] == "门店-清晰.png"
    current = {f["material_name"]: f for f in resubmitted["files"] if f["superseded_at"] is None}
    assert set(current) == {"申请书", "经营场所照片", "营业执照"}
    assert current["营业执照"]["source"] == "library"  # the library material stays as it was
    link = await ok(await client.get(f"/api/files/materials/{new['id']}/link", headers=handler_b))
    assert await (await client.get(link["url"])).read() == photo_v2

    # --- Accepted, reviewed, approved: item B yields its own certificate. ---
    for action in ("accept", "start_review"):
        await transition(client, handler_b, case_id, action)
    approved = await transition(client, handler_b, case_id, "approve", reason="符合条件")
    assert approved["status"] == "approved"
    number = approved["certificate_number"]
    assert number and number != licence_number

    final = await ok(await client.get(f"/api/cases/{case_id}", headers=citizen))
    assert final["status"] == "approved" and final["certificate_number"] == number
    assert [step["action"] for step in final["timeline"]] == [
        "submit", "request_correction", "resubmit", "accept", "start_review", "approve",
    ]  # fmt: skip
    assert [step["status"] for step in final["timeline"]] == [
        "submitted", "correction_needed", "submitted", "accepted", "under_review", "approved",
    ]  # fmt: skip
    assert all("staff_name" not in s or s["staff_name"] is None for s in final["timeline"])
    # The citizen was told of every step, the correction with what to correct.
    told = await citizen_notices("o-e2e-holder", case_id)
    assert [status for status, _ in told] == [
        "已提交", "待补正", "已提交", "已受理", "审查中", "准予办理",
    ]  # fmt: skip
    assert told[1][1] == "照片看不清门头"

    # The new certificate joins the library for the next application, next to the licence.
    offered = (await ok(await client.get("/api/files/library", headers=citizen)))["entries"]
    assert {e["material_name"] for e in offered} == {"食品经营许可证", "营业执照"}

    certificates = (await ok(await client.get("/api/certificates", headers=citizen)))[
        "certificates"
    ]
    assert sorted(c["number"] for c in certificates) == sorted([licence_number, number])
    permit = next(c for c in certificates if c["number"] == number)
    assert permit["name"] == "食品经营许可证" and permit["status"] == "valid"
    assert permit["holder"] == "张**" and permit["issuing_department"] == "部门 DEPT-B"

    # --- The citizen downloads the PDF; the code printed on it is what a verifier types. ---
    response = await client.get(f"/api/certificates/{number}/pdf", headers=citizen)
    assert response.status == 200 and response.content_type == "application/pdf"
    text = PdfReader(io.BytesIO(await response.read())).pages[0].extract_text()
    flat = text.replace("\n", "")
    assert number in flat and "verify?number=" in flat
    code = flat.split(f"verify?number={number}&code=", 1)[1][:10]

    # --- Anyone, without logging in, verifies it. ---
    anonymous = await client.get(
        "/api/certificates/verify", params={"number": number, "code": code}
    )
    genuine = await ok(anonymous)
    assert genuine["result"] == "genuine"
    assert genuine["certificate"]["number"] == number
    assert genuine["certificate"]["holder"] == "张**"
    assert "张三丰" not in str(genuine) and "13812345678" not in str(genuine)
    wrong = await ok(
        await client.get(
            "/api/certificates/verify", params={"number": number, "code": "2345678923"}
        )
    )
    assert wrong["result"] == "unknown" and wrong["certificate"] is None

    # --- The issuing department revokes it; the verifier now sees "revoked". ---
    revoked = await ok(
        await client.post(
            f"/api/staff/certificates/{number}/revocation",
            json={"reason": "经营场所不符"},
            headers=handler_b,
        )
    )
    assert revoked["status"] == "revoked"
    after = await ok(
        await client.get("/api/certificates/verify", params={"number": number, "code": code})
    )
    assert after["result"] == "revoked" and after["revoked_at"] is not None
    citizen_id = (await Citizen.get(openid="o-e2e-holder")).id
    revocation_notices = await OutboxMessage.filter(
        template="certificate_revoked", recipient_id=citizen_id
    )
    assert [n.data["number"] for n in revocation_notices] == [number]
    # The earlier licence is untouched and still offered from the library.
    still = (await ok(await client.get("/api/files/library", headers=citizen)))["entries"]
    assert [e["id"] for e in still] == [licence_entry["id"]]
