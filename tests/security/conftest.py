"""A small city for the authorisation sweep: citizens A and B, departments X and Y in two
counties, an intake office in X's county, a hall and an item of department X, and staff sessions
of every shape."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from models.catalog import ServiceHall, ServiceItem
from models.people import Department, StaffAccount, StaffRole
from models.regions import Region, RegionLevel
from tests.booking.support import WEEKDAY_HOURS
from tests.cases.conftest import make_item

Headers = dict[str, str]
# Roles that reach every department's matters by design, so an outsider never holds them:
# supervisors and admins see all (DOMAIN.md), and callback visitors call back citizens about any
# department's closed complaint (an independent check, never the department that handled it).
# Roles that reach beyond one department (a region's, or the deployment's: 三员分立).
GLOBAL_ROLES = frozenset(
    {
        StaffRole.SUPERVISOR,
        StaffRole.ADMIN,
        StaffRole.CALLBACK_VISITOR,
        StaffRole.SECURITY_ADMIN,
        StaffRole.AUDIT_ADMIN,
    }
)


@dataclass
class World:
    client: TestClient
    app: web.Application
    citizen_a: Headers
    citizen_b: Headers
    dept_x: Department
    dept_y: Department
    office: Department
    hall: ServiceHall
    item: ServiceItem
    cache: dict[str, Any] = field(default_factory=dict)

    async def staff(self, roles: frozenset[StaffRole], department: Department) -> Headers:
        """A session for a staff account with exactly these roles in this department."""
        key = f"staff:{department.code}:{','.join(sorted(roles))}"
        if key not in self.cache:
            account = await StaffAccount.create(
                username=f"u{len(self.cache)}-{department.code}".lower(),
                name="测试",
                department=department,
                roles=sorted(role.value for role in roles),
                password_hash="-",
            )
            token, _ = await self.app[SESSIONS].issue("staff", account.id)
            self.cache[key] = {"Authorization": f"Bearer {token}"}
        return dict(self.cache[key])

    async def supervisor(self) -> Headers:
        return await self.staff(frozenset({StaffRole.SUPERVISOR}), self.office)

    async def admin(self) -> Headers:
        return await self.staff(frozenset({StaffRole.ADMIN}), self.office)

    async def x(self, role: StaffRole) -> Headers:
        return await self.staff(frozenset({role}), self.dept_x)

    async def county_y(self) -> Headers:
        """A supervisor, admin and callback visitor of county Y: region-scoped, county X unseen."""
        return await self.staff(GLOBAL_ROLES, self.dept_y)

    async def outsider(self) -> Headers:
        """Staff of department Y holding every role that is scoped to a department."""
        return await self.staff(frozenset(StaffRole) - GLOBAL_ROLES, self.dept_y)

    async def call(
        self, method: str, path: str, headers: Headers, json: Any = None, status: int = 200
    ) -> Any:
        response = await self.client.request(method, path, json=json, headers=headers)
        assert response.status == status, f"{method} {path}: {await response.text()}"
        return await response.json() if response.status != 204 else None


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, str]:
    """Uploaded files go to this test's own directory, not the working tree's data/."""
    return {"MINIAPP_FILES_DIRECTORY": str(tmp_path / "files")}


@pytest.fixture
async def world(
    client: TestClient,
    app: web.Application,
    login_citizen: Callable[[str], Awaitable[Headers]],
) -> World:
    departments = []
    for code in ("DEPT-X", "DEPT-Y", "OFFICE"):
        departments.append(await Department.create(code=code, name=code, region="测试县"))
    dept_x, dept_y, office = departments
    # X and the intake office in county 甲, Y in county 乙: 乙's supervisors see none of 甲's.
    city = await Region.create(code="110100000000", name="测试市", level=RegionLevel.CITY)
    county_x, county_y = [
        await Region.create(code=code, name=name, level=RegionLevel.COUNTY, parent=city)
        for code, name in (("110101000000", "甲县"), ("110102000000", "乙县"))
    ]
    for department, county in ((dept_x, county_x), (office, county_x), (dept_y, county_y)):
        department.region_node = county  # type: ignore[assignment]
        await department.save()
    hall = await ServiceHall.create(
        code="HALL-X",
        name="县政务服务中心",
        region="测试县",
        address="人民路 1 号",
        opening_hours=WEEKDAY_HOURS,
        department=dept_x,
    )
    item = await make_item("ITEM-X", "营业执照变更登记", dept_x.code)
    await hall.items.add(item)
    return World(
        client,
        app,
        await login_citizen("openid-a"),
        await login_citizen("openid-b"),
        dept_x,
        dept_y,
        office,
        hall,
        item,
    )
