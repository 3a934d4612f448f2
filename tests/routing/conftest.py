"""A small county for routing: a hall with a comprehensive window and an agent desk, three
back-office departments, items the hall covers and one it does not, and a clock we move."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from models.catalog import ServiceHall, ServiceItem
from models.outbox import OutboxMessage
from models.people import Department, StaffAccount
from models.routing import HallPost, PostKind
from tests.cases.conftest import make_item
from workflows import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "11010519491231002X"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


class Clock:
    def __init__(self) -> None:
        self.now = at("2025-04-07 10:00")  # a Monday, a working day

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    state = Clock()
    monkeypatch.setattr(clock, "utc_now", lambda: state.now)
    return state


@dataclass
class County:
    client: TestClient
    hall: ServiceHall
    other_hall: ServiceHall
    items: dict[str, ServiceItem]
    staff: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def call(
        self, method: str, path: str, who: str, json: Any = None, status: int = 200
    ) -> Any:
        response = await self.client.request(method, path, json=json, headers=self.staff[who])
        assert response.status == status, await response.text()
        return await response.json()

    async def department(self, code: str) -> Department:
        return await Department.get(code=code)


def walk_in(item_code: str = "ITEM-A", **extra: Any) -> dict[str, Any]:
    return {
        "item_code": item_code,
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": ID_NUMBER,
        "form": {"reason": "新办"},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
        **extra,
    }


async def outbox(template: str) -> list[OutboxMessage]:
    return list(await OutboxMessage.filter(template=template).order_by("id"))


@pytest.fixture
async def county(client: TestClient, app: web.Application, frozen_clock: Clock) -> County:
    async def staff(username: str, roles: list[str], department_code: str) -> dict[str, Any]:
        department, _ = await Department.get_or_create(
            code=department_code, defaults={"name": f"部门{department_code}", "region": "测试县"}
        )
        account = await StaffAccount.create(
            username=username, name=username, department=department, roles=roles,
            password_hash="-",
        )  # fmt: skip
        token, _ = await app[SESSIONS].issue("staff", account.id)
        return {"Authorization": f"Bearer {token}"}

    items = {
        "a": await make_item("ITEM-A", "企业设立登记", "DEPT-A"),
        "b": await make_item("ITEM-B", "社会保险参保登记", "DEPT-B"),
        "c": await make_item("ITEM-C", "食品经营许可", "DEPT-C"),
        "uncovered": await make_item("ITEM-X", "不在大厅清单的事项", "DEPT-A"),
    }
    hall_dept, _ = await Department.get_or_create(
        code="HALL", defaults={"name": "政务服务管理局", "region": "测试县"}
    )
    hall = await ServiceHall.create(
        code="HALL-1", name="测试县政务服务中心", region="测试县", address="人民路1号",
        department=hall_dept,
    )  # fmt: skip
    await hall.items.add(items["a"], items["b"], items["c"])
    other = await ServiceHall.create(
        code="HALL-2", name="某镇便民服务中心", region="测试县", address="镇上",
        department=hall_dept,
    )  # fmt: skip
    await other.items.add(items["a"], items["b"], items["c"])
    county = County(client, hall, other, items)
    county.staff = {
        "window": await staff("window", ["clerk"], "HALL"),
        "clerk": await staff("clerk", ["clerk"], "HALL"),  # a clerk of the hall, no window post
        "far_window": await staff("far_window", ["clerk"], "HALL"),  # window at the other hall
        "agent": await staff("agent", ["clerk"], "TOWN"),
        "ha": await staff("ha", ["handler"], "DEPT-A"),
        "hb": await staff("hb", ["handler"], "DEPT-B"),
        "hc": await staff("hc", ["handler"], "DEPT-C"),
        "sup": await staff("sup", ["supervisor"], "HALL"),
        "admin": await staff("admin", ["admin"], "HALL"),
    }
    for username, hall_row, kind in (
        ("window", hall, PostKind.COMPREHENSIVE_WINDOW),
        ("far_window", other, PostKind.COMPREHENSIVE_WINDOW),
        ("agent", other, PostKind.AGENT),
    ):
        await HallPost.create(
            staff=await StaffAccount.get(username=username), hall=hall_row, kind=kind
        )
    return county
