"""Booking fixtures: a hall serving two published items, a movable clock, quick citizens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from models.catalog import ServiceHall, ServiceItem
from models.people import Citizen, Department
from tests.booking.support import WEEKDAY_HOURS, local, make_item
from workflows import clock


class Clock:
    def __init__(self) -> None:
        self.now = local(2026, 12, 1, 8, 0)  # a Tuesday

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    state = Clock()
    monkeypatch.setattr(clock, "utc_now", lambda: state.now)
    return state


@pytest.fixture
async def hall(client: TestClient) -> ServiceHall:
    department, _ = await Department.get_or_create(
        code="DEPT-A", defaults={"name": "部门 DEPT-A", "region": "测试县"}
    )
    hall = await ServiceHall.create(
        code="HALL-1",
        name="县政务服务中心",
        region="测试县",
        address="人民路 1 号",
        opening_hours=WEEKDAY_HOURS,
        department=department,
    )
    items = [await make_item(code, department) for code in ("ITEM-1", "ITEM-2")]
    await hall.items.add(*items)
    return hall


@pytest.fixture
async def item(hall: ServiceHall) -> ServiceItem:
    return await ServiceItem.get(code="ITEM-1")


@pytest.fixture
def quick_citizen(app: Any) -> Callable[[str], Awaitable[dict[str, str]]]:
    """A citizen straight in the database with a session (no WeChat round trip): for bulk."""

    async def make(openid: str) -> dict[str, str]:
        citizen = await Citizen.create(openid=openid)
        token, _ = await app[SESSIONS].issue("citizen", citizen.id)
        return {"Authorization": f"Bearer {token}"}

    return make
