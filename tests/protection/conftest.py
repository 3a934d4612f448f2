"""Fixtures: a published item, a citizen's application, raw rows read past the ORM."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from tortoise import connections

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department

PHONE, ID_NUMBER, NAME = "13812345678", "11010519491231002X", "张三丰"


@pytest.fixture
async def item(client: TestClient) -> ServiceItem:
    department, _ = await Department.get_or_create(
        code="DEPT-A", defaults={"name": "部门 DEPT-A", "region": "测试县"}
    )
    return await ServiceItem.create(
        code="ITEM-A",
        name="营业执照变更登记",
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )


@pytest.fixture
def apply(client: TestClient, item: ServiceItem) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def submit(headers: dict[str, Any], phone: str = PHONE) -> dict[str, Any]:
        body = {
            "item_code": "ITEM-A",
            "applicant_name": NAME,
            "applicant_phone": phone,
            "applicant_id_number": ID_NUMBER,
            "form": {"reason": "地址变更"},
            "materials": [{"name": "申请书", "ref": "upload/1"}],
        }
        response = await client.post("/api/cases", json=body, headers=headers)
        assert response.status == 201, await response.text()
        return await response.json()

    return submit


async def raw_rows(sql: str) -> list[dict[str, Any]]:
    _, rows = await connections.get("default").execute_query(sql)
    return [dict(row) for row in rows]
