"""A county for review tests: department X handles an item, Y is another department; the review
office (supervisor) and a callback visitor; citizens A and B. Cases go through the real API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department, StaffAccount, StaffRole
from workflows.authz import Principal

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPLICANT_PHONE = "13812345678"
APPLICANT_NAME = "张三丰"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@dataclass
class County:
    client: TestClient
    citizen_a: dict[str, Any]
    citizen_b: dict[str, Any]
    supervisor: dict[str, Any]
    visitor: dict[str, Any]
    handler_x: dict[str, Any]
    handler_y: dict[str, Any]
    dept_x: int

    async def call(
        self, method: str, path: str, headers: dict[str, Any], json: Any = None, status: int = 200
    ) -> Any:
        response = await self.client.request(method, path, json=json, headers=headers)
        assert response.status == status, await response.text()
        return await response.json()

    async def case(
        self, until: tuple[str, ...] = ("accept", "start_review", "approve", "deliver")
    ) -> int:
        body = {
            "item_code": "ITEM-X",
            "applicant_name": APPLICANT_NAME,
            "applicant_phone": APPLICANT_PHONE,
            "materials": [{"name": "申请书", "ref": "upload/1"}],
        }
        case_id = (await self.call("POST", "/api/cases", self.citizen_a, body, 201))["case"]["id"]
        for action in until:
            await self.call(
                "POST",
                f"/api/staff/cases/{case_id}/transitions",
                self.handler_x,
                {"action": action},
            )
        return case_id

    async def review(self, case_id: int, grade: str, status: int = 201, **extra: Any) -> Any:
        body = {"subject_type": "case", "subject_id": case_id, "grade": grade, **extra}
        return await self.call("POST", "/api/reviews", self.citizen_a, body, status)

    async def rectifications(self, headers: dict[str, Any]) -> list[dict[str, Any]]:
        return (await self.call("GET", "/api/staff/rectifications", headers))["items"]

    async def step(
        self, rect_id: int, step: str, headers: dict[str, Any], json: Any, status: int = 200
    ) -> Any:
        return await self.call(
            "POST", f"/api/staff/rectifications/{rect_id}/{step}", headers, json, status
        )

    async def contact(self, rect_id: int) -> Any:
        body = {"method": "phone", "reached": True, "note": "已联系评价人"}
        return await self.step(rect_id, "contacts", self.handler_x, body, 201)

    async def principal(self, username: str) -> Principal:
        staff = await StaffAccount.get(username=username)
        return Principal(
            kind="staff",
            id=staff.id,
            department_id=staff.department_id,  # type: ignore[attr-defined]
            roles=frozenset(StaffRole(role) for role in staff.roles),
        )


@pytest.fixture
async def county(
    client: TestClient,
    app: web.Application,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> County:
    async def staff(username: str, role: str, department_code: str) -> dict[str, Any]:
        department, _ = await Department.get_or_create(
            code=department_code, defaults={"name": f"部门{department_code}", "region": "测试县"}
        )
        account = await StaffAccount.create(
            username=username, name=username, department=department, roles=[role],
            password_hash="-",
        )  # fmt: skip
        token, _ = await app[SESSIONS].issue("staff", account.id)
        return {"Authorization": f"Bearer {token}"}

    handler_x = await staff("hx", "handler", "DEPT-X")
    dept_x = await Department.get(code="DEPT-X")
    await ServiceItem.create(
        code="ITEM-X", name="营业执照变更登记", item_type=ItemType.LICENSING, department=dept_x,
        online_depth=OnlineDepth.FULLY_ONLINE, legal_limit_days=20, promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )  # fmt: skip
    return County(
        client,
        await login_citizen("openid-a"),
        await login_citizen("openid-b"),
        await staff("sup", "supervisor", "OFFICE"),
        await staff("visitor", "callback_visitor", "OFFICE"),
        handler_x,
        await staff("hy", "handler", "DEPT-Y"),
        dept_x.id,
    )
