"""Fees the guide declares, recorded per case: paid (by what means) or waived (why)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.case_lifecycle import CaseFee, FeeState
from models.catalog import ServiceItem
from tests.certificates.conftest import apply_with, cert_item  # noqa: F401

Headers = dict[str, Any]


async def test_the_guides_fee_is_recorded_paid_and_the_citizen_sees_it(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
) -> None:
    citizen = await login_citizen("openid-a")
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    case = await apply_with(citizen)
    assert case["fee"] == {"amount_cents": 5000, "state": "due", "means": None, "waiver_reason": ""}
    # A later edit of the guide does not change what this case owes.
    cert_item.fee_cents = 9900
    await cert_item.save()

    fee = f"/api/staff/cases/{case['id']}/fee"
    response = await client.post(fee, json={"state": "paid"}, headers=clerk)
    assert response.status in (400, 422)
    paid = {"state": "paid", "means": "window", "reference": "POS-0001"}
    response = await client.post(fee, json=paid, headers=clerk)
    assert response.status == 200, await response.text()
    assert (await response.json())["fee"]["state"] == "paid"
    again = await client.post(fee, json=paid, headers=clerk)
    assert again.status == 409 and (await again.json())["code"] == "fee_already_recorded"

    mine = await (await client.get(f"/api/cases/{case['id']}", headers=citizen)).json()
    assert mine["fee"] == {
        "amount_cents": 5000,
        "state": "paid",
        "means": "window",
        "waiver_reason": "",
    }
    assert mine["timeline"][-1]["action"] == "record_fee"
    stored = await CaseFee.get(case_id=case["id"])
    assert stored.reference == "POS-0001" and stored.recorded_by_id is not None  # type: ignore[attr-defined]


async def test_waivers_need_a_reason_and_items_without_a_fee_have_none(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await make_staff("handler-b", ["handler"], "DEPT-B")
    case = await apply_with(citizen)
    fee = f"/api/staff/cases/{case['id']}/fee"
    response = await client.post(fee, json={"state": "waived"}, headers=handler)
    assert response.status in (400, 422)
    response = await client.post(fee, json={"state": "waived", "reason": "低保户"}, headers=other)
    assert response.status == 404
    assert (await CaseFee.get(case_id=case["id"])).state == FeeState.DUE
    response = await client.post(fee, json={"state": "waived", "reason": "低保户"}, headers=handler)
    assert response.status == 200
    assert (await response.json())["fee"]["waiver_reason"] == "低保户"

    plain = await apply_with(citizen, "ITEM-A")
    assert plain["fee"] is None
    response = await client.post(
        f"/api/staff/cases/{plain['id']}/fee",
        json={"state": "paid", "means": "online"},
        headers=handler,
    )
    assert response.status == 409 and (await response.json())["code"] == "no_fee_declared"
