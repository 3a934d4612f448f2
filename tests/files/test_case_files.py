"""Files on cases: applying and correcting with uploads and library entries, what the department
sees, verification into the library (免提交), certificates as entries, and signed downloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.cases import Case
from models.files import CaseMaterial, LibraryEntry
from tests.files.conftest import application, image, pdf
from workflows import clock
from workflows.files.library import add_certificate_entry, revoke_certificate_entry


async def _upload_id(upload, headers, data=None, **kw) -> int:
    answer = await upload(headers, data or pdf(), **kw)
    assert answer.status == 201, await answer.text()
    return (await answer.json())["id"]


async def _apply(client, headers, materials, item_code="ITEM-A"):
    return await client.post("/api/cases", json=application(materials, item_code), headers=headers)


async def test_apply_with_uploads_and_a_free_text_ref(client, upload, login_citizen, make_staff):
    citizen = await login_citizen("o-cf-1")
    form_id = await _upload_id(upload, citizen, filename="申请书.pdf")
    id_id = await _upload_id(upload, citizen, image("JPEG"), material="身份证复印件")
    answer = await _apply(client, citizen, [
        {"name": "申请书", "upload_id": form_id},
        {"name": "身份证复印件", "upload_id": id_id},
        {"name": "营业执照", "ref": "paper copy at the window"},
    ])  # fmt: skip
    assert answer.status == 201, await answer.text()
    case = (await answer.json())["case"]
    refs = {m["name"]: m["ref"] for m in case["materials"]}
    assert refs == {"申请书": f"upload:{form_id}", "身份证复印件": f"upload:{id_id}",
                    "营业执照": "paper copy at the window"}  # fmt: skip
    staff = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    detail = await (await client.get(f"/api/cases/{case['id']}", headers=staff)).json()
    files = {f["material_name"]: f for f in detail["files"]}
    assert files["申请书"]["file_name"] == "申请书.pdf" and files["申请书"]["source"] == "upload"
    assert files["身份证复印件"]["media_type"] == "image/jpeg"
    assert all(len(f["sha256"]) == 64 and f["scan"] == "not_scanned" for f in files.values())
    # Used once: it cannot go on another case.
    again = await _apply(client, citizen, [{"name": "申请书", "upload_id": form_id}])
    assert again.status == 409 and (await again.json())["code"] == "upload_already_used"


async def test_someone_elses_upload_is_404_and_no_case_is_made(client, upload, login_citizen):
    owner, other = await login_citizen("o-cf-2"), await login_citizen("o-cf-3")
    upload_id = await _upload_id(upload, owner)
    answer = await _apply(client, other, [{"name": "申请书", "upload_id": upload_id}])
    assert answer.status == 404 and (await answer.json())["code"] == "upload_not_found"
    assert await Case.all().count() == 0
    assert (await client.get(f"/api/files/uploads/{upload_id}", headers=other)).status == 404
    link = await client.get(f"/api/files/uploads/{upload_id}/link", headers=other)
    assert link.status == 404


async def test_an_upload_for_another_material_is_refused(client, upload, login_citizen):
    citizen = await login_citizen("o-cf-4")
    upload_id = await _upload_id(upload, citizen)
    answer = await _apply(client, citizen, [{"name": "营业执照", "upload_id": upload_id}])
    assert answer.status == 409 and (await answer.json())["code"] == "upload_other_material"


async def test_correction_with_a_case_upload_replaces_the_material(
    client, upload, login_citizen, make_staff, act=None
):
    citizen, stranger = await login_citizen("o-cf-5"), await login_citizen("o-cf-6")
    first = await _upload_id(upload, citizen)
    case = (await (await _apply(client, citizen, [{"name": "申请书", "upload_id": first}])).json())[
        "case"
    ]
    clerk = await make_staff("clerk-b", ["clerk"], "DEPT-A")
    asked = await client.post(
        f"/api/staff/cases/{case['id']}/transitions",
        json={"action": "request_correction", "missing_materials": ["申请书"]},
        headers=clerk,
    )
    assert asked.status == 200, await asked.text()
    url = f"/api/files/cases/{case['id']}/uploads"
    from tests.files.conftest import form

    # Someone else's case: as if it did not exist, and nothing is kept.
    refused = await client.post(
        url, params={"material": "申请书"}, data=form(pdf(2)), headers=stranger
    )
    assert refused.status == 404
    sent = await client.post(url, params={"material": "申请书"}, data=form(pdf(2)), headers=citizen)
    assert sent.status == 201, await sent.text()
    second = (await sent.json())["id"]
    answer = await client.post(
        f"/api/cases/{case['id']}/correction",
        json={"materials": [{"name": "申请书", "upload_id": second}]},
        headers=citizen,
    )
    assert answer.status == 200, await answer.text()
    files = (await answer.json())["files"]
    assert [f["superseded_at"] is not None for f in files] == [True, False]


async def _verified_case(client, upload, citizen, staff, valid_until=None) -> tuple[int, int]:
    upload_id = await _upload_id(upload, citizen, image("PNG"), material="身份证复印件")
    case = (
        await (
            await _apply(client, citizen, [{"name": "身份证复印件", "upload_id": upload_id}])
        ).json()
    )["case"]
    material_id = (await CaseMaterial.get(case_id=case["id"])).id
    body = {"valid_until": valid_until.isoformat()} if valid_until else {}
    answer = await client.post(
        f"/api/staff/files/materials/{material_id}/verify", json=body, headers=staff
    )
    assert answer.status == 200, await answer.text()
    shown = await answer.json()
    assert shown["verified_at"] and shown["verified_by"] == "handler-a"
    return case["id"], material_id


async def test_a_verified_material_is_offered_and_attached_instead_of_uploading(
    client, upload, login_citizen, make_staff
):
    citizen = await login_citizen("o-cf-7")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    first_case, _ = await _verified_case(client, upload, citizen, handler)
    offered = (await (await client.get("/api/files/library", headers=citizen)).json())["entries"]
    assert len(offered) == 1
    entry = offered[0]
    assert entry["origin"]["kind"] == "verified_material" and entry["has_file"]
    assert entry["origin"]["case_no"] == (await Case.get(id=first_case)).case_no
    answer = await _apply(
        client, citizen, [{"name": "身份证复印件", "library_entry_id": entry["id"]}]
    )
    assert answer.status == 201, await answer.text()
    case_id = (await answer.json())["case"]["id"]
    detail = await (await client.get(f"/api/cases/{case_id}", headers=handler)).json()
    (shown,) = detail["files"]
    assert shown["source"] == "library" and shown["sha256"] == entry["sha256"]
    assert shown["origin"]["verified_by"] == "handler-a"
    assert shown["origin"]["department"] == "部门 DEPT-A"
    # The department can read it, through a link.
    link = await (
        await client.get(f"/api/files/materials/{shown['id']}/link", headers=handler)
    ).json()
    assert (await client.get(link["url"])).status == 200
    # Someone else's entry: 404, no case.
    other = await login_citizen("o-cf-8")
    refused = await _apply(
        client, other, [{"name": "身份证复印件", "library_entry_id": entry["id"]}]
    )
    assert refused.status == 404 and (await refused.json())["code"] == "library_entry_not_found"


async def test_expired_entries_are_not_offered_nor_accepted(
    client, upload, login_citizen, make_staff, monkeypatch
):
    citizen = await login_citizen("o-cf-9")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    soon = datetime.now(UTC) + timedelta(days=1)
    await _verified_case(client, upload, citizen, handler, valid_until=soon)
    entry = await LibraryEntry.get()
    monkeypatch.setattr(clock, "utc_now", lambda: soon + timedelta(hours=1))
    offered = (await (await client.get("/api/files/library", headers=citizen)).json())["entries"]
    assert offered == []
    answer = await _apply(client, citizen, [{"name": "身份证复印件", "library_entry_id": entry.id}])
    assert answer.status == 409 and (await answer.json())["code"] == "library_entry_expired"


async def test_a_certificate_becomes_an_entry_and_revoked_is_not_offered(
    client, items, login_citizen
):
    from models.people import Citizen

    headers = await login_citizen("o-cf-10")
    citizen = await Citizen.get(openid="o-cf-10")
    now = datetime.now(UTC)
    entry = await add_certificate_entry(
        citizen_id=citizen.id, certificate_id=987654, material_name="营业执照",
        title="营业执照（电子证照）", department_id=items["a"].department_id, issued_at=now,
        valid_until=now + timedelta(days=365),
    )  # fmt: skip
    again = await add_certificate_entry(
        citizen_id=citizen.id, certificate_id=987654, material_name="营业执照", title="x",
        department_id=items["a"].department_id, issued_at=now,
    )  # fmt: skip
    assert again.id == entry.id
    offered = (await (await client.get("/api/files/library", headers=headers)).json())["entries"]
    assert [(e["origin"]["kind"], e["origin"]["certificate_id"]) for e in offered] == [
        ("certificate", 987654)
    ]
    answer = await _apply(client, headers, [{"name": "营业执照", "library_entry_id": entry.id}])
    assert answer.status == 201, await answer.text()
    assert await revoke_certificate_entry(987654, now)
    assert (await (await client.get("/api/files/library", headers=headers)).json())["entries"] == []


async def test_downloads_go_to_the_applicant_the_department_and_supervisors_only(
    client, upload, login_citizen, make_staff, monkeypatch
):
    citizen = await login_citizen("o-cf-11")
    data = pdf(2)
    upload_id = await _upload_id(upload, citizen, data)
    case = (
        await (await _apply(client, citizen, [{"name": "申请书", "upload_id": upload_id}])).json()
    )["case"]
    material_id = case["files"][0]["id"]
    url = f"/api/files/materials/{material_id}/link"
    own = await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await make_staff("handler-b", ["handler"], "DEPT-B")
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-C")
    for headers in (citizen, own, supervisor):
        link = await client.get(url, headers=headers)
        assert link.status == 200, await link.text()
        got = await client.get((await link.json())["url"])
        assert got.status == 200 and await got.read() == data
        assert got.headers["Content-Type"] == "application/pdf"
        # Streamed, so prepared before any middleware could add it: never sniffed into HTML.
        assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert (await client.get(url, headers=other)).status == 404
    link = (await (await client.get(url, headers=citizen)).json())["url"]
    token = link.rsplit("/", 1)[1]
    payload, tag = token.split(".")
    tampered = f"{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{tag}"
    answer = await client.get(f"/api/files/download/{tampered}")
    assert answer.status == 403 and (await answer.json())["code"] == "link_invalid"
    later = datetime.now(UTC) + timedelta(hours=1)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    answer = await client.get(link)
    assert answer.status == 410 and (await answer.json())["code"] == "link_expired"


async def test_a_window_clerk_uploads_for_a_walk_in(client, upload, make_staff) -> None:
    clerk = await make_staff("window-1", ["clerk"], "DEPT-A")
    upload_id = await _upload_id(upload, clerk)
    body = {**application([{"name": "申请书", "upload_id": upload_id}]), "sms_consent": False}
    answer = await client.post("/api/staff/cases", json=body, headers=clerk)
    assert answer.status == 201, await answer.text()
    (shown,) = (await answer.json())["case"]["files"]
    assert shown["source"] == "upload" and shown["media_type"] == "application/pdf"
    # A handler is no window: the upload endpoint does not take files from them.
    handler = await make_staff("handler-x", ["handler"], "DEPT-A")
    refused = await upload(handler, pdf())
    assert refused.status == 404


async def test_a_guide_can_state_its_own_file_rule(client, make_staff) -> None:
    admin = await make_staff("cat-admin", ["handler", "admin"], "DEPT-A")
    guide = {
        "name": "测试事项", "item_type": "行政许可", "online_depth": "全程网办",
        "legal_limit_days": 10, "promised_limit_days": 5, "department_code": "DEPT-A",
        "materials": [{"name": "照片", "upload": {"types": ["jpeg"], "max_pixels": 200000}}],
    }  # fmt: skip
    answer = await client.put("/api/staff/items/RULE-1", json=guide, headers=admin)
    assert answer.status in (200, 201), await answer.text()
    shown = await answer.json()
    assert shown["materials"][0]["upload"] == {
        "types": ["jpeg"],
        "max_bytes": None,
        "max_pages": None,
        "max_pixels": 200000,
    }


async def test_a_certificates_own_pdf_is_stored_once_and_downloadable(
    app, client, items, login_citizen
) -> None:
    from miniapp_api.files.resources import FILES
    from models.people import Citizen
    from workflows.files.blobs import store_bytes

    headers = await login_citizen("o-cf-12")
    citizen = await Citizen.get(openid="o-cf-12")
    data = pdf()
    blob = await store_bytes(app[FILES].store, data, "application/pdf")
    assert (await store_bytes(app[FILES].store, data, "application/pdf")).id == blob.id
    entry = await add_certificate_entry(
        citizen_id=citizen.id, certificate_id=42, material_name="营业执照", title="营业执照",
        department_id=items["a"].department_id, issued_at=datetime.now(UTC), blob_id=blob.id,
    )  # fmt: skip
    link = await (await client.get(f"/api/files/library/{entry.id}/link", headers=headers)).json()
    got = await client.get(link["url"])
    assert got.status == 200 and await got.read() == data
    other = await login_citizen("o-cf-13")
    assert (await client.get(f"/api/files/library/{entry.id}/link", headers=other)).status == 404


async def test_verifying_with_a_past_expiry_is_refused(client, upload, login_citizen, make_staff):
    citizen = await login_citizen("o-cf-14")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await make_staff("handler-b", ["handler"], "DEPT-B")
    upload_id = await _upload_id(upload, citizen)
    case = (
        await (await _apply(client, citizen, [{"name": "申请书", "upload_id": upload_id}])).json()
    )["case"]
    url = f"/api/staff/files/materials/{case['files'][0]['id']}/verify"
    past = {"valid_until": "2000-01-01T00:00:00Z"}
    assert (await client.post(url, json=past, headers=other)).status == 404
    answer = await client.post(url, json=past, headers=handler)
    assert answer.status == 422
    assert await LibraryEntry.all().count() == 0
    assert (await client.post(url + "0", json={}, headers=handler)).status == 404
