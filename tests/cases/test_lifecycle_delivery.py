"""Delivery (送达, seed 001 §三(三)2): the method chosen at application, and the proof the
`deliver` step records; the applicant is told; the address is shown masked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.case_lifecycle import CaseDelivery
from models.cases import Case, CaseStatus
from models.catalog import ServiceItem
from models.outbox import OutboxMessage
from tests.certificates.conftest import apply_with, cert_item, decide, to_review  # noqa: F401

Headers = dict[str, Any]
ADDRESS = "浙江省杭州市西湖区文三路 90 号 3 幢 501 室"


async def test_window_pick_up_needs_the_applicants_code(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    decide: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    case = await apply_with(citizen, delivery={"method": "window"})
    code = case["delivery"]["pickup_code"]
    assert case["delivery"]["method"] == "window" and len(code) == 6
    staff_view = await decide(handler, case["id"])
    assert staff_view["delivery"]["pickup_code"] is None  # never shown to staff

    refusals = [
        ({}, 422, "pickup_code_required"),
        ({"pickup_code": "000000" if code != "000000" else "111111"}, 422, "pickup_code_mismatch"),
        ({"delivery_method": "post", "tracking_number": "SF1"}, 409, "delivery_method_mismatch"),
    ]
    for body, status, error in refusals:
        response = await act(clerk, case["id"], "deliver", **body)
        assert response.status == status, await response.text()
        assert (await response.json())["code"] == error
    assert (await Case.get(id=case["id"])).status == CaseStatus.APPROVED
    assert (await CaseDelivery.get(case_id=case["id"])).delivered_at is None

    response = await act(clerk, case["id"], "deliver", pickup_code=code)
    assert response.status == 200, await response.text()
    delivered = await response.json()
    assert delivered["status"] == "delivered"
    assert delivered["timeline"][-1]["details"]["delivery"] == {
        "method": "window",
        "pickup_code_matched": True,
    }
    notice = (
        await OutboxMessage.filter(subject_id=case["id"], template="case_status_changed")
        .order_by("-id")
        .first()
    )
    assert notice is not None and notice.data["status"] == "已办结"


async def test_post_delivery_keeps_the_tracking_number_and_masks_the_address(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    decide: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    delivery = {
        "method": "post",
        "address": ADDRESS,
        "recipient_name": "张三丰",
        "recipient_phone": "13812345678",
    }
    case = await apply_with(citizen, delivery=delivery)
    shown = case["delivery"]
    assert shown["address"].startswith("浙江省杭州市") and "文三路" not in shown["address"]
    assert shown["recipient_name"] == "张**" and shown["recipient_phone"] == "138****5678"
    assert shown["pickup_code"] is None
    await decide(handler, case["id"])

    response = await act(handler, case["id"], "deliver")
    assert response.status == 422
    assert (await response.json())["code"] == "tracking_number_required"
    response = await act(handler, case["id"], "deliver", tracking_number="SF1234567890")
    assert response.status == 200, await response.text()
    delivered = await response.json()
    assert delivered["delivery"]["tracking_number"] == "SF1234567890"
    assert delivered["delivery"]["delivered_at"] is not None
    assert (
        ADDRESS not in await (await client.get(f"/api/cases/{case['id']}", headers=citizen)).text()
    )


async def test_post_without_an_address_is_refused_and_nothing_is_stored(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
) -> None:
    from tests.cases.conftest import application

    citizen = await login_citizen("openid-a")
    body = application("ITEM-C", delivery={"method": "post"})
    response = await client.post("/api/cases", json=body, headers=citizen)
    assert response.status in (400, 422)
    assert await Case.all().count() == 0


async def test_electronic_delivery_names_the_certificate(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    decide: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    case = await apply_with(citizen, delivery={"method": "electronic"})
    number = (await decide(handler, case["id"]))["certificate_number"]
    response = await act(handler, case["id"], "deliver", delivery_method="electronic")
    assert response.status == 200, await response.text()
    step = (await response.json())["timeline"][-1]
    assert step["details"]["delivery"] == {"method": "electronic", "electronic": number}


async def test_the_department_reveals_the_postal_address_once_audited(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
) -> None:
    from models.audit import AuditRecord

    citizen = await login_citizen("openid-a")
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    other = await make_staff("clerk-b", ["clerk"], "DEPT-B")
    posted = await apply_with(citizen, delivery={"method": "post", "address": ADDRESS})
    window = await apply_with(citizen, delivery={"method": "window"})
    reveal = "/api/staff/cases/{}/delivery-address-reveal"

    response = await client.post(reveal.format(posted["id"]), headers=other)
    assert response.status == 404
    response = await client.post(reveal.format(window["id"]), headers=clerk)
    assert response.status == 409 and (await response.json())["code"] == "no_postal_address"
    response = await client.post(reveal.format(posted["id"]), headers=clerk)
    assert response.status == 200 and (await response.json())["address"] == ADDRESS
    audited = await AuditRecord.filter(action="case.delivery_address_revealed")
    assert [a.object_id for a in audited] == [str(posted["id"])]
