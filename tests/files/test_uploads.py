"""Uploading a material's file: what is accepted, what is refused, and that a refusal stores
nothing (no file in the store, no spooled file, no row)."""

from __future__ import annotations

from pathlib import Path

from models.files import FileBlob, MaterialUpload
from tests.files.conftest import MAX_BYTES, image, pdf, png_bomb, stored_files


async def nothing_kept(store_dir: Path, spool_dir: Path) -> None:
    assert stored_files(store_dir) == []
    assert stored_files(spool_dir) == []
    assert await MaterialUpload.all().count() == 0
    assert await FileBlob.all().count() == 0


async def test_a_pdf_is_accepted_with_its_pages_and_hash(
    upload, login_citizen, store_dir, spool_dir
) -> None:
    import hashlib

    citizen = await login_citizen("o-up-1")
    data = pdf(pages=2)
    answer = await upload(citizen, data, filename="申请书.pdf")
    assert answer.status == 201, await answer.text()
    body = await answer.json()
    assert body["media_type"] == "application/pdf" and body["pages"] == 2
    assert body["sha256"] == hashlib.sha256(data).hexdigest() and body["size"] == len(data)
    assert body["file_name"] == "申请书.pdf" and body["material_name"] == "申请书"
    assert body["scan"] == "not_scanned" and body["attached"] is False
    assert len(stored_files(store_dir)) == 1
    assert stored_files(spool_dir) == []


async def test_images_are_accepted_by_content_whatever_the_name_says(upload, login_citizen) -> None:
    citizen = await login_citizen("o-up-2")
    for fmt, media in (("PNG", "image/png"), ("JPEG", "image/jpeg")):
        # Named .pdf and sent as PDF: the bytes decide.
        answer = await upload(citizen, image(fmt), material="身份证复印件", filename="id.pdf")
        assert answer.status == 201, await answer.text()
        body = await answer.json()
        assert body["media_type"] == media and (body["width"], body["height"]) == (64, 48)


async def test_the_same_content_is_stored_once(upload, login_citizen, store_dir) -> None:
    first, second = await login_citizen("o-up-3"), await login_citizen("o-up-4")
    data = pdf()
    for headers in (first, second, first):
        assert (await upload(headers, data)).status == 201
    assert await MaterialUpload.all().count() == 3
    assert await FileBlob.all().count() == 1
    assert len(stored_files(store_dir)) == 1


async def test_wrong_real_type_is_refused(upload, login_citizen, store_dir, spool_dir) -> None:
    citizen = await login_citizen("o-up-5")
    # A PNG named and typed as a PDF, for a material that takes PDFs only.
    answer = await upload(citizen, image("PNG"), filename="a.pdf", content_type="application/pdf")
    assert answer.status == 422
    assert (await answer.json())["code"] == "file_type_not_allowed"
    # Text pretending to be a PDF.
    answer = await upload(citizen, b"hello, I am a pdf", filename="a.pdf")
    assert (await answer.json())["code"] == "file_type_not_allowed"
    await nothing_kept(store_dir, spool_dir)


async def test_archives_are_not_accepted_at_all(upload, login_citizen, store_dir, spool_dir):
    import io
    import zipfile

    citizen = await login_citizen("o-up-6")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * 5_000_000)  # 5 MB of zeros in a few KB
    answer = await upload(citizen, out.getvalue(), filename="a.zip")
    assert answer.status == 422 and (await answer.json())["code"] == "file_type_not_allowed"
    await nothing_kept(store_dir, spool_dir)


async def test_over_size_is_413(upload, login_citizen, store_dir, spool_dir) -> None:
    citizen = await login_citizen("o-up-7")
    answer = await upload(citizen, pdf(padding=MAX_BYTES + 10))
    assert answer.status == 413
    assert (await answer.json())["code"] == "file_too_large"
    await nothing_kept(store_dir, spool_dir)


async def test_the_guides_own_limit_is_kept(upload, login_citizen, store_dir, spool_dir):
    citizen = await login_citizen("o-up-8")
    answer = await upload(citizen, pdf(pages=4))  # the guide allows 3 pages
    assert answer.status == 422 and (await answer.json())["code"] == "pdf_too_many_pages"
    answer = await upload(citizen, image("PNG", (1200, 1000)), material="身份证复印件")
    assert answer.status == 422 and (await answer.json())["code"] == "image_too_many_pixels"
    await nothing_kept(store_dir, spool_dir)


async def test_empty_file_is_refused(upload, login_citizen, store_dir, spool_dir) -> None:
    citizen = await login_citizen("o-up-9")
    answer = await upload(citizen, b"")
    assert answer.status == 422 and (await answer.json())["code"] == "file_empty"
    await nothing_kept(store_dir, spool_dir)


async def test_truncated_files_are_refused(upload, login_citizen, store_dir, spool_dir) -> None:
    citizen = await login_citizen("o-up-10")
    whole = pdf(pages=2)
    cut = await upload(citizen, whole[: len(whole) // 2])
    assert cut.status == 422 and (await cut.json())["code"] == "file_corrupt"
    # Cut, with an end marker glued on so it looks whole at a glance.
    glued = await upload(citizen, whole[: len(whole) // 2] + b"\n%%EOF\n")
    assert glued.status == 422 and (await glued.json())["code"] == "file_corrupt"
    for fmt in ("PNG", "JPEG"):
        data = image(fmt, (400, 300))
        answer = await upload(citizen, data[: len(data) * 2 // 3], material="身份证复印件")
        assert answer.status == 422 and (await answer.json())["code"] == "file_corrupt", fmt
    await nothing_kept(store_dir, spool_dir)


async def test_a_pixel_bomb_is_refused_unopened(
    upload, login_citizen, store_dir, spool_dir
) -> None:
    citizen = await login_citizen("o-up-11")
    answer = await upload(citizen, png_bomb(), material="身份证复印件", filename="a.png")
    assert answer.status == 422 and (await answer.json())["code"] == "image_too_many_pixels"
    await nothing_kept(store_dir, spool_dir)


async def test_file_names_with_paths_or_control_characters_are_refused(
    client, items, login_citizen, store_dir, spool_dir
) -> None:
    citizen = await login_citizen("o-up-12")
    names = ["../../etc/passwd", "a/b.pdf", "a\\b.pdf", "a\x00.pdf", "a\x01b.pdf", "a\tb.pdf",
             "..%2F..%2Fetc", "invoice\u202efdp.exe", ".."]  # fmt: skip
    for name in names:
        # By hand: the part's own header, as a phone's uploader writes it (raw UTF-8).
        boundary = "xYz"
        quoted = name.replace("\\", "\\\\")  # a quoted-string escapes its backslashes
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{quoted}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + pdf()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        answer = await client.post(
            "/api/files/uploads",
            params={"item_code": "ITEM-A", "material": "申请书"},
            data=body,
            headers={**citizen, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert answer.status == 400, name
        # NUL and other controls but tab do not even parse as a header: the body is malformed.
        raw_control = any(ord(ch) < 0x20 and ch != "\t" for ch in name)
        expected = "malformed_multipart" if raw_control else "file_name_invalid"
        assert (await answer.json())["code"] == expected, name
    await nothing_kept(store_dir, spool_dir)


async def test_unknown_material_or_item_is_404(upload, login_citizen, store_dir, spool_dir):
    citizen = await login_citizen("o-up-13")
    answer = await upload(citizen, pdf(), material="户口本")
    assert answer.status == 404 and (await answer.json())["code"] == "material_not_found"
    answer = await upload(citizen, pdf(), item_code="NO-SUCH")
    assert answer.status == 404 and (await answer.json())["code"] == "item_not_found"
    await nothing_kept(store_dir, spool_dir)


async def test_a_body_that_is_not_multipart_is_refused(client, items, login_citizen) -> None:
    citizen = await login_citizen("o-up-14")
    params = {"item_code": "ITEM-A", "material": "申请书"}
    answer = await client.post("/api/files/uploads", params=params, data=pdf(), headers=citizen)
    assert answer.status == 400 and (await answer.json())["code"] == "multipart_required"
    import aiohttp

    other = aiohttp.FormData()
    other.add_field("not_file", b"x", filename="x.pdf")
    answer = await client.post("/api/files/uploads", params=params, data=other, headers=citizen)
    assert answer.status == 400 and (await answer.json())["code"] == "file_part_missing"


async def test_an_aborted_upload_leaves_nothing(client, items, login_citizen, store_dir, spool_dir):
    """The client goes away halfway through the file: no file, no spool, no row."""
    import asyncio

    citizen = await login_citizen("o-up-15")
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    half = pdf(padding=100_000)[:60_000]
    server = client.server
    _reader, writer = await asyncio.open_connection(server.host, server.port)
    request = (
        "POST /api/files/uploads?item_code=ITEM-A&material=%E7%94%B3%E8%AF%B7%E4%B9%A6 HTTP/1.1\r\n"
        f"Host: {server.host}\r\nAuthorization: {citizen['Authorization']}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(head) + 150_000}\r\n\r\n"
    ).encode()
    writer.write(request + head + half)
    await writer.drain()
    await asyncio.sleep(0.3)
    writer.close()
    await asyncio.sleep(0.5)
    await nothing_kept(store_dir, spool_dir)
