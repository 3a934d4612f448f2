"""What the deployment tests share: a published item, an application, reading /metrics."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department

ITEM_CODE = "DEPLOY-1"


async def make_item() -> ServiceItem:
    department, _ = await Department.get_or_create(
        code="DEPT-D", defaults={"name": "市场监督管理局", "region": "测试县"}
    )
    return await ServiceItem.create(
        code=ITEM_CODE,
        name="营业执照变更登记",
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )


def application() -> dict[str, Any]:
    return {
        "item_code": ITEM_CODE,
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "form": {"reason": "地址变更"},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
    }


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, keyed by (sample name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def grew(before: str, after: str, name: str, **labels: str) -> float:
    """How much one sample rose between two scrapes."""
    return value(after, name, **labels) - value(before, name, **labels)
