"""E-certificates (seed 002 art. 40): issued on approval, downloaded by the holder as a PDF with a
QR code, verified anonymously, revoked by the issuing department."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pypdf import PdfReader

from models.audit import AuditRecord
from models.catalog import ServiceItem
from models.certificates import Certificate
from models.files import LibraryEntry
from models.outbox import OutboxMessage
from workflows import clock
from workflows.certificates.queries import valid_certificates

Headers = dict[str, Any]


async def verify(client: TestClient, number: str, code: str) -> dict[str, Any]:
    response = await client.get("/api/certificates/verify", params={"number": number, "code": code})
    assert response.status == 200, await response.text()
    return await response.json()


async def test_approval_issues_a_certificate_that_downloads_verifies_and_is_revoked(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,
    apply_with: Callable[..., Awaitable[dict[str, Any]]],
    decide: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen)
    approved = await decide(handler, case["id"])
    number = approved["certificate_number"]
    assert number and number.endswith(case["case_no"])

    listed = (await (await client.get("/api/certificates", headers=citizen)).json())["certificates"]
    assert [c["number"] for c in listed] == [number]
    mine = listed[0]
    assert mine["name"] == "食品经营许可证" and mine["holder"] == "张**"
    assert mine["issuing_department"] == "部门 DEPT-A" and mine["status"] == "valid"
    assert mine["valid_until"] is not None

    response = await client.get(f"/api/certificates/{number}/pdf", headers=citizen)
    assert response.status == 200 and response.content_type == "application/pdf"
    body = await response.read()
    assert body.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    stored = await Certificate.get(number=number)
    assert number in text and stored.verification_code in text
    assert f"verify?number={number}&code={stored.verification_code}" in text.replace("\n", "")

    # The QR code's link, followed by anyone: no login.
    genuine = await verify(client, number, stored.verification_code)
    assert genuine["result"] == "genuine"
    assert genuine["certificate"]["holder"] == "张**"
    assert genuine["certificate"]["number"] == number
    assert "verification_code" not in str(genuine) and "张三丰" not in str(genuine)

    revoke = f"/api/staff/certificates/{number}/revocation"
    response = await client.post(revoke, json={"reason": "以欺骗手段取得"}, headers=handler)
    assert response.status == 200, await response.text()
    assert (await response.json())["status"] == "revoked"
    revoked = await verify(client, number, stored.verification_code)
    assert revoked["result"] == "revoked" and revoked["revoked_at"] is not None
    # The material library offers only valid certificates.
    assert await valid_certificates(stored.citizen_id, stored.valid_from) == []  # type: ignore[attr-defined]

    again = await client.post(revoke, json={"reason": "再次"}, headers=handler)
    assert again.status == 409
    assert (await again.json())["code"] == "certificate_already_revoked"

    told = await OutboxMessage.filter(template="certificate_revoked")
    assert len(told) == 1 and told[0].data["number"] == number
    actions = await AuditRecord.filter(object_type="certificate").values_list("action", flat=True)
    # The library entry the certificate made (免提交) is withdrawn with it, and that is audited too.
    assert sorted(actions) == ["certificate.issue", "certificate.revoke", "library.revoke"]
    [entry] = await LibraryEntry.filter(certificate_id__isnull=False)
    assert entry.revoked_at is not None


async def test_an_item_without_a_certificate_issues_none(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,
    apply_with: Callable[..., Awaitable[dict[str, Any]]],
    decide: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    plain = await apply_with(citizen, "ITEM-A")
    assert (await decide(handler, plain["id"]))["certificate_number"] is None
    denied = await apply_with(citizen)
    assert (await decide(handler, denied["id"], "deny"))["certificate_number"] is None
    assert await Certificate.all().count() == 0


async def test_unknown_numbers_and_wrong_codes_verify_as_unknown_and_do_not_download(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,
    apply_with: Callable[..., Awaitable[dict[str, Any]]],
    decide: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    stranger = await login_citizen("openid-b")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen)
    number = (await decide(handler, case["id"]))["certificate_number"]

    assert await verify(client, "DZZZ0000000000000", "ABCDEFGH") == {
        "result": "unknown",
        "certificate": None,
        "revoked_at": None,
    }
    assert (await verify(client, number, "WRONGCODE2"))["result"] == "unknown"

    for headers, path in [
        (citizen, "/api/certificates/DZZZ0000000000000/pdf"),
        (stranger, f"/api/certificates/{number}/pdf"),
    ]:
        response = await client.get(path, headers=headers)
        assert response.status == 404
        assert (await response.json())["code"] == "certificate_not_found"
    assert (await (await client.get("/api/certificates", headers=stranger)).json()) == {
        "certificates": []
    }


async def test_only_the_issuing_departments_handlers_revoke(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,
    apply_with: Callable[..., Awaitable[dict[str, Any]]],
    decide: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await make_staff("handler-b", ["handler"], "DEPT-B")
    case = await apply_with(citizen)
    number = (await decide(handler, case["id"]))["certificate_number"]
    revoke = f"/api/staff/certificates/{number}/revocation"

    response = await client.post(revoke, json={"reason": "无权"}, headers=other)
    assert response.status == 404
    unknown = "/api/staff/certificates/DZZZ0000000000000/revocation"
    response = await client.post(unknown, json={"reason": "x"}, headers=handler)
    assert response.status == 404
    assert (await response.json())["code"] == "certificate_not_found"
    response = await client.post(revoke, json={"reason": " "}, headers=handler)
    assert response.status in (400, 422)
    stored = await Certificate.get(number=number)
    assert stored.status == "valid" and stored.revoked_at is None


async def test_an_expired_certificate_verifies_as_expired_and_is_no_longer_offered(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,
    apply_with: Callable[..., Awaitable[dict[str, Any]]],
    decide: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    cert_item.certificate_valid_days = 1
    await cert_item.save()
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen)
    number = (await decide(handler, case["id"]))["certificate_number"]
    stored = await Certificate.get(number=number)
    citizen_id = stored.citizen_id  # type: ignore[attr-defined]
    today = stored.valid_from
    assert [c.number for c in await valid_certificates(citizen_id, today)] == [number]

    later = clock.utc_now() + timedelta(days=2)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    assert (await verify(client, number, stored.verification_code))["result"] == "expired"
    assert await valid_certificates(citizen_id, today + timedelta(days=2)) == []


@pytest.mark.parametrize(
    "settings_overrides", [{"MINIAPP_CERTIFICATES_VERIFY_PER_IP_PER_MINUTE": "3"}]
)
async def test_verification_is_rate_limited_per_client_whatever_the_number(
    client: TestClient,
) -> None:
    for n in range(3):
        assert (await verify(client, f"DZZZ000000000000{n}", "ABCDEFGH"))["result"] == "unknown"
    response = await client.get(
        "/api/certificates/verify", params={"number": "DZZZ0000000000009", "code": "ABCDEFGH"}
    )
    assert response.status == 429
