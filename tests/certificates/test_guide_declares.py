"""The guide declares whether approval yields a certificate (name, validity) and the fee; an
application takes the fee as the guide stated it then."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from tests.cases.conftest import application

GUIDE = {
    "name": "食品经营许可证核发",
    "item_type": "行政许可",
    "department_code": "DEPT-A",
    "online_depth": "全程网办",
    "legal_limit_days": 20,
    "promised_limit_days": 10,
    "materials": [{"name": "申请书", "copies": 1}],
    "fee_cents": 1000,
    "certificate_name": "食品经营许可证",
    "certificate_valid_days": 1825,
}


async def test_the_guide_declares_certificate_and_fee_and_cases_follow_it(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    supervisor = await make_staff("sup", ["supervisor"], "DEPT-S")
    created = await client.put("/api/staff/items/FOOD-1", json=GUIDE, headers=handler)
    assert created.status == 200, await created.text()
    published = await client.post(
        "/api/staff/items/FOOD-1/status", json={"status": "published"}, headers=supervisor
    )
    assert published.status == 200, await published.text()
    guide = await (await client.get("/api/items/FOOD-1")).json()
    assert guide["certificate_name"] == "食品经营许可证"
    assert guide["certificate_valid_days"] == 1825 and guide["fee_cents"] == 1000

    citizen = await login_citizen("openid-a")
    body = {**application("FOOD-1"), "materials": [{"name": "申请书", "ref": "upload/1"}]}
    response = await client.post("/api/cases", json=body, headers=citizen)
    assert response.status == 201, await response.text()
    assert (await response.json())["case"]["fee"]["amount_cents"] == 1000
