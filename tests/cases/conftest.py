"""Fixtures for the catalog and cases: two departments, published items, staff and citizens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department

MATERIALS = ["申请书", "营业执照副本", "身份证复印件"]


async def make_item(
    code: str,
    name: str,
    department_code: str,
    *,
    depth: OnlineDepth = OnlineDepth.FULLY_ONLINE,
    themes: tuple[str, ...] = (),
    promised: int = 5,
    status: ItemStatus = ItemStatus.PUBLISHED,
) -> ServiceItem:
    department, _ = await Department.get_or_create(
        code=department_code, defaults={"name": f"部门 {department_code}", "region": "测试县"}
    )
    return await ServiceItem.create(
        code=code,
        name=name,
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=depth,
        offline_reason="需现场核验" if depth == OnlineDepth.WINDOW_ONLY else "",
        legal_limit_days=20,
        promised_limit_days=promised,
        materials=[{"name": m, "format": "电子件", "copies": 1} for m in MATERIALS],
        themes=list(themes),
        status=status,
    )


@pytest.fixture
async def items(client: TestClient) -> dict[str, ServiceItem]:
    return {
        "a": await make_item("ITEM-A", "营业执照变更登记", "DEPT-A", themes=("开办企业",)),
        "window": await make_item(
            "ITEM-W", "特种设备使用登记", "DEPT-A", depth=OnlineDepth.WINDOW_ONLY
        ),
        "b": await make_item("ITEM-B", "社会保险参保登记", "DEPT-B", themes=("社保",)),
    }


def application(item_code: str = "ITEM-A", **extra: Any) -> dict[str, Any]:
    return {
        "item_code": item_code,
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "form": {"reason": "地址变更"},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
        **extra,
    }


@pytest.fixture
def apply(
    client: TestClient, items: dict[str, ServiceItem]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Submit an application as a citizen; returns the response body (case + lookup_secret)."""

    async def submit(headers: dict[str, Any], item_code: str = "ITEM-A") -> dict[str, Any]:
        response = await client.post("/api/cases", json=application(item_code), headers=headers)
        assert response.status == 201, await response.text()
        return await response.json()

    return submit


@pytest.fixture
def act(client: TestClient) -> Callable[..., Awaitable[Any]]:
    """Post one transition; returns the response."""

    async def transition(headers: dict[str, Any], case_id: int, action: str, **body: Any) -> Any:
        return await client.post(
            f"/api/staff/cases/{case_id}/transitions",
            json={"action": action, **body},
            headers=headers,
        )

    return transition
