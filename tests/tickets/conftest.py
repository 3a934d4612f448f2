"""A small county for ticket tests: two citizens, the intake office, two departments."""

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
from models.people import Citizen, Department, StaffAccount, StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A Beijing-time moment, e.g. at("2025-04-03 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@dataclass
class County:
    client: TestClient
    citizen_a: dict[str, Any]
    citizen_b: dict[str, Any]
    supervisor: dict[str, Any]
    handler_x: dict[str, Any]
    handler_y: dict[str, Any]
    clerk_x: dict[str, Any]
    visitor: dict[str, Any]
    dept_x: int
    dept_y: int
    office: int

    async def principal(self, username: str) -> Principal:
        staff = await StaffAccount.get(username=username)
        return Principal(
            kind="staff",
            id=staff.id,
            department_id=staff.department_id,  # type: ignore[attr-defined]
            roles=frozenset(StaffRole(role) for role in staff.roles),
        )

    async def citizen(self, openid: str) -> Principal:
        return Principal(kind="citizen", id=(await Citizen.get(openid=openid)).id)

    async def open(self, headers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        body = {"column": "complaint", "title": "窗口态度差", "content": "办事窗口工作人员态度恶劣"}
        body.update(fields)
        response = await self.client.post(
            "/api/tickets", json=body, headers=headers or self.citizen_a
        )
        assert response.status == 201, await response.text()
        return await response.json()

    async def call(
        self, method: str, path: str, headers: dict[str, Any], json: Any = None, status: int = 200
    ) -> Any:
        response = await self.client.request(method, path, json=json, headers=headers)
        assert response.status == status, await response.text()
        return await response.json()

    async def open_in_department(self, **fields: Any) -> dict[str, Any]:
        """Opened by citizen A, accepted and assigned to department X."""
        ticket = await self.open(**fields)
        return await self.call(
            "POST",
            f"/api/tickets/{ticket['id']}/screening",
            self.supervisor,
            {"accept": True, "department_id": self.dept_x},
        )


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture
async def county(
    client: TestClient,
    app: web.Application,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> County:
    async def staff(username: str, role: str, department_code: str) -> dict[str, Any]:
        # Sessions issued directly: the password login is tested elsewhere and is slow on purpose.
        department, _ = await Department.get_or_create(
            code=department_code, defaults={"name": department_code, "region": "测试县"}
        )
        account = await StaffAccount.create(
            username=username,
            name=username,
            department=department,
            roles=[role],
            password_hash="-",
        )
        token, _ = await app[SESSIONS].issue("staff", account.id)
        return {"Authorization": f"Bearer {token}"}

    citizen_a = await login_citizen("openid-a")
    citizen_b = await login_citizen("openid-b")
    supervisor = await staff("sup", "supervisor", "OFFICE")
    visitor = await staff("visitor", "callback_visitor", "OFFICE")
    handler_x = await staff("hx", "handler", "DEPT-X")
    clerk_x = await staff("cx", "clerk", "DEPT-X")
    handler_y = await staff("hy", "handler", "DEPT-Y")
    ids = {d.code: d.id for d in await Department.all()}
    return County(
        client,
        citizen_a,
        citizen_b,
        supervisor,
        handler_x,
        handler_y,
        clerk_x,
        visitor,
        ids["DEPT-X"],
        ids["DEPT-Y"],
        ids["OFFICE"],
    )
