"""Helpers shared by the booking tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from models.people import Department

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY_HOURS = {day: ["09:00", "17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)  # type: ignore[misc]


async def make_item(code: str, department: Department) -> ServiceItem:
    return await ServiceItem.create(
        code=code,
        name=f"事项 {code}",
        item_type=ItemType.PUBLIC_SERVICE,
        department=department,
        online_depth=OnlineDepth.AT_MOST_ONE_VISIT,
        legal_limit_days=20,
        promised_limit_days=5,
        status=ItemStatus.PUBLISHED,
    )


async def slots_of(client: TestClient, headers: dict, hall: ServiceHall, item: ServiceItem) -> list:
    response = await client.get(
        "/api/booking/slots", params={"hall_id": hall.id, "item_id": item.id}, headers=headers
    )
    assert response.status == 200, await response.text()
    return (await response.json())["slots"]


async def book(client: TestClient, headers: dict, slot_id: int, key: str | None = None) -> Any:
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        "/api/bookings", json={"slot_id": slot_id}, headers={**headers, **extra}
    )
