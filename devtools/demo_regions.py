"""The demo's region tree: one city (青川市, fictional) with two counties — the demo county 青山县
and 白水县 — each with townships and a village, their departments, halls and supervisors, and a
city department that takes 食品经营许可 cases forwarded up (转报).

Codes are 统计用区划代码 under 99, a province number no real province has.
"""

from __future__ import annotations

import secrets
from typing import Any

from core.passwords import hash_password
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from models.people import Department, StaffAccount
from models.regions import ItemForwardHandler, Region, RegionLevel
from workflows.regions.tree import parent_code

P, C, X, T, V = (
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
)
# code, name, level
REGIONS: list[tuple[str, str, RegionLevel]] = [
    ("990000000000", "示范省", P),
    ("990100000000", "青川市", C),
    ("990101000000", "青山县", X),
    ("990101001000", "城关镇", T),
    ("990101001001", "东风村", V),
    ("990101002000", "桥头乡", T),
    ("990102000000", "白水县", X),
    ("990102001000", "河口街道", T),
    ("990102001001", "河口社区", V),
]
QINGSHAN, BAISHUI, CITY = "990101000000", "990102000000", "990100000000"

# code, name, region code (the 青山县 departments come from demo_data and go under QINGSHAN)
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("QC-ZWFW", "青川市政务服务管理局", CITY),
    ("QC-SCJG", "青川市市场监督管理局", CITY),
    ("BS-ZWFW", "白水县政务服务管理局", BAISHUI),
    ("BS-SCJG", "白水县市场监督管理局", BAISHUI),
    ("QS-CG-BMFW", "城关镇便民服务中心", "990101001000"),
    ("BS-HK-BMFW", "河口街道便民服务中心", "990102001000"),
]

# username, name, department code, roles, WeChat Work userid
STAFF: list[tuple[str, str, str, list[str], str | None]] = [
    ("shi_jiancha", "钱市监察", "QC-ZWFW", ["supervisor"], "QianShiJianCha"),
    ("shi_scjg", "冯市市监", "QC-SCJG", ["handler"], "FengShiShiJian"),
    ("bs_jiancha", "何白水监察", "BS-ZWFW", ["supervisor"], "HeBaiShuiJianCha"),
    ("bs_scjg", "吕白水市监", "BS-SCJG", ["handler"], "LvBaiShuiShiJian"),
    ("bs_chuangkou", "施白水窗口", "BS-ZWFW", ["clerk"], "ShiBaiShuiChuangKou"),
]

HALLS: list[dict[str, Any]] = [
    {
        "code": "BS-HALL-1",
        "name": "白水县政务服务中心",
        "address": "白水县滨河路1号",
        "department": "BS-ZWFW",
        "region": BAISHUI,
    },
    {
        "code": "QS-CG-CENTER",
        "name": "城关镇便民服务中心",
        "address": "青山县城关镇中山街6号",
        "department": "QS-CG-BMFW",
        "region": "990101001000",
    },
    {
        "code": "QS-DF-POINT",
        "name": "东风村便民代办点",
        "address": "青山县城关镇东风村村委会",
        "department": "QS-CG-BMFW",
        "region": "990101001001",
    },
    {
        "code": "BS-HK-CENTER",
        "name": "河口街道便民服务中心",
        "address": "白水县河口街道河口路18号",
        "department": "BS-HK-BMFW",
        "region": "990102001000",
    },
]

# A 白水县 item, and which city department takes the forwarded 食品经营许可 cases.
BAISHUI_ITEM: dict[str, Any] = {
    "code": "11330000BS-SCJG-0001",
    "name": "企业设立登记（白水县）",
    "item_type": "行政许可",
    "department": "BS-SCJG",
    "online_depth": "全程网办",
    "legal_limit_days": 15,
    "promised_limit_days": 1,
    "themes": ["开办企业"],
    "materials": [{"name": "公司登记（备案）申请书", "format": "电子件", "copies": 1}],
}
FORWARDED_ITEMS: list[tuple[str, str]] = [
    ("11330000QS-SCJG-0003", "QC-SCJG"),  # 食品经营许可: 青山县 → 青川市
    ("11330000BS-SCJG-0001", "QC-SCJG"),
]
WEEKDAYS = {day: ["09:00", "17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


async def seed_regions(
    county_departments: dict[str, Department], password: str | None, created: dict[str, str]
) -> None:
    """Inside the demo seed's transaction; idempotent like it."""
    regions: dict[str, Region] = {}
    for code, name, level in REGIONS:
        parent = parent_code(code, level)
        region, _ = await Region.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": regions.get(parent or "")}
        )
        regions[code] = region
    for department in county_departments.values():
        if department.region_node_id is None:  # type: ignore[attr-defined]
            await Department.filter(id=department.id).update(region_node_id=regions[QINGSHAN].id)
    departments = dict(county_departments)
    for code, name, region_code in DEPARTMENTS:
        region = regions[region_code]
        departments[code], _ = await Department.get_or_create(
            code=code, defaults={"name": name, "region": region.name, "region_node": region}
        )
    for username, name, dept_code, roles, wecom_userid in STAFF:
        if await StaffAccount.exists(username=username):
            continue
        plain = password or secrets.token_urlsafe(9)
        await StaffAccount.create(
            username=username,
            name=name,
            department=departments[dept_code],
            roles=roles,
            wecom_userid=wecom_userid,
            password_hash=hash_password(plain),
        )
        created[username] = plain
    if not await ServiceItem.exists(code=BAISHUI_ITEM["code"]):
        fields = {k: v for k, v in BAISHUI_ITEM.items() if k != "department"}
        await ServiceItem.create(
            **fields, department=departments["BS-SCJG"], status=ItemStatus.PUBLISHED
        )
    for spec in HALLS:
        region = regions[spec["region"]]
        hall, was_created = await ServiceHall.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "region": region.name,
                "address": spec["address"],
                "opening_hours": WEEKDAYS,
                "department": departments[spec["department"]],
                "region_node": region,
            },
        )
        if was_created:
            county = BAISHUI if spec["region"].startswith(BAISHUI[:6]) else QINGSHAN
            prefix = "11330000BS-" if county == BAISHUI else "11330000QS-"
            await hall.items.add(*await ServiceItem.filter(code__startswith=prefix))
    await ServiceHall.filter(region_node_id=None).update(region_node_id=regions[QINGSHAN].id)
    for item_code, dept_code in FORWARDED_ITEMS:
        item = await ServiceItem.get_or_none(code=item_code)
        if item is not None:
            await ItemForwardHandler.get_or_create(item=item, department=departments[dept_code])
