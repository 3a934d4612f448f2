"""The window clerk's day: a hall of DEPT-A with two bookings this morning, another department's
hall with one, a clerk and a handler of DEPT-A, a clerk of DEPT-B. The clock stands at
Tuesday 2026-12-01 09:05 (Asia/Shanghai), after the first slot began."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from models.people import Citizen, Department
from tests.booking.support import WEEKDAY_HOURS, book, local, slots_of
from workflows import clock

CLERK, HANDLER, OTHER_CLERK = "chuangkou-w", "banli-w", "chuangkou-x"
WALK_IN_ITEM = "ITEM-W"
MATERIALS = [
    {"name": "申请书", "format": "电子件", "copies": 1, "upload": {"types": ["pdf"]}},
    {"name": "身份证复印件", "format": "纸质件", "copies": 1},
]


@dataclass
class ClerkDay:
    hall: ServiceHall
    other_hall: ServiceHall
    item: ServiceItem
    bookings: list[dict[str, Any]]  # at `hall` today: 09:00 and 09:30
    other_booking: dict[str, Any]  # at `other_hall` today


@pytest.fixture
def clerk_settings(tmp_path: Path) -> dict[str, str]:
    """Files stored under the test's own directory."""
    spool = tmp_path / "spool"
    spool.mkdir(exist_ok=True)
    return {
        "MINIAPP_FILES_DIRECTORY": str(tmp_path / "store"),
        "MINIAPP_FILES_TEMP_DIRECTORY": str(spool),
        "MINIAPP_FILES_LINK_KEY": "test-link-key",
        "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
    }


@pytest.fixture
def clerk_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    moment = [local(2026, 12, 1, 8, 0)]
    monkeypatch.setattr(clock, "utc_now", lambda: moment[0])
    yield moment


async def _department(code: str, name: str) -> Department:
    department, _ = await Department.get_or_create(
        code=code, defaults={"name": name, "region": "测试县"}
    )
    return department


async def _item(code: str, name: str, department: Department) -> ServiceItem:
    return await ServiceItem.create(
        code=code,
        name=name,
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.AT_MOST_ONE_VISIT,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=MATERIALS,
        status=ItemStatus.PUBLISHED,
    )


async def _hall(code: str, name: str, department: Department, item: ServiceItem) -> ServiceHall:
    hall = await ServiceHall.create(
        code=code, name=name, region="测试县", address="人民路 1 号",
        opening_hours=WEEKDAY_HOURS, department=department,
    )  # fmt: skip
    await hall.items.add(item)
    return hall


async def _citizen(app: web.Application, openid: str, name: str) -> dict[str, str]:
    citizen = await Citizen.create(openid=openid, real_name=name)
    token, _ = await app[SESSIONS].issue("citizen", citizen.id)
    return {"Authorization": f"Bearer {token}"}


async def _booked(client: TestClient, headers: dict, hall: Any, item: Any, index: int) -> Any:
    slot = (await slots_of(client, headers, hall, item))[index]
    response = await book(client, headers, slot["id"])
    assert response.status == 201, await response.text()
    return await response.json()


@pytest.fixture
async def clerk_day(
    client: TestClient,
    app: web.Application,
    clerk_clock: list[Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
) -> ClerkDay:
    mine = await _department("DEPT-A", "市场监督管理局")
    theirs = await _department("DEPT-B", "民政局")
    item = await _item(WALK_IN_ITEM, "个体工商户登记", mine)
    other_item = await _item("ITEM-X", "婚姻登记", theirs)
    hall = await _hall("HALL-W", "城关区政务服务中心", mine, item)
    other_hall = await _hall("HALL-X", "民政服务大厅", theirs, other_item)
    for username, roles, department in (
        (CLERK, ["clerk"], "DEPT-A"),
        (HANDLER, ["handler"], "DEPT-A"),
        (OTHER_CLERK, ["clerk"], "DEPT-B"),
    ):
        await make_staff(username, roles, department)
    # Booked in the order opposite to their times: the page lists them by time.
    later = await _booked(client, await _citizen(app, "o-w2", "王五"), hall, item, 1)
    first = await _booked(client, await _citizen(app, "o-w1", "李四"), hall, item, 0)
    other = await _booked(client, await _citizen(app, "o-x1", "赵六"), other_hall, other_item, 0)
    clerk_clock[0] = local(2026, 12, 1, 9, 5)
    return ClerkDay(hall, other_hall, item, [first, later], other)
