"""A city with two counties, each with a handling department, a supervisor's department and
matters of every kind (cases, cards, tickets, callback visits, rectifications, forwarded cases).

Every name of a county's matters carries its ASCII marker (QSMARK, BSMARK), so a test can tell
from any response — JSON, CSV, HTML — whose matters it shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, SETTINGS
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department, StaffAccount
from models.regions import ItemForwardHandler, Region, RegionLevel
from models.reviews import Rectification
from models.supervision import Deadline
from models.tickets import CallbackVisit
from workflows import clock
from workflows.supervision.cards import issue_cards

MARKS = {"qs": "QSMARK", "bs": "BSMARK"}
CODES = {
    "province": ("990000000000", "示范省", RegionLevel.PROVINCE),
    "city": ("990100000000", "青川市", RegionLevel.CITY),
    "qs": ("990101000000", "青山县", RegionLevel.COUNTY),
    "qs_town": ("990101001000", "城关镇", RegionLevel.TOWNSHIP),
    "qs_village": ("990101001001", "东风村", RegionLevel.VILLAGE),
    "bs": ("990102000000", "白水县", RegionLevel.COUNTY),
}
MATERIAL = [{"name": "申请书", "format": "电子件", "copies": 1}]


@dataclass
class Tree:
    client: TestClient
    make_staff: Callable[..., Awaitable[dict[str, Any]]]
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]]
    regions: dict[str, Region] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    items: dict[str, ServiceItem] = field(default_factory=dict)
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # county -> what was made there (case ids, ticket ids, deadline ids, ...)
    made: dict[str, dict[str, Any]] = field(default_factory=dict)
    citizens: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def citizen(self, openid: str) -> dict[str, Any]:
        if openid not in self.citizens:
            self.citizens[openid] = await self.login_citizen(openid)
        return self.citizens[openid]

    async def call(
        self, method: str, path: str, who: str, body: Any = None, status: int = 200
    ) -> Any:
        response = await self.client.request(method, path, json=body, headers=self.headers[who])
        text = await response.text()
        assert response.status == status, f"{method} {path} as {who}: {response.status} {text}"
        return await response.json() if "json" in response.content_type else text

    async def staff_id(self, username: str) -> int:
        return (await StaffAccount.get(username=username)).id

    async def staff(self, username: str, roles: list[str], department: str) -> None:
        self.headers[username] = await self.make_staff(
            username, roles, self.departments[department].code
        )

    async def case(self, county: str, citizen: str, *actions: str) -> int:
        body = {
            "item_code": self.items[county].code,
            "applicant_name": "张三丰",
            "applicant_phone": "13812345678",
            "form": {},
            "materials": [{"name": "申请书", "ref": "upload/1"}],
        }
        response = await self.client.post(
            "/api/cases", json=body, headers=await self.citizen(citizen)
        )
        assert response.status == 201, await response.text()
        case_id = int((await response.json())["case"]["id"])
        for action in actions:
            await self.call(
                "POST",
                f"/api/staff/cases/{case_id}/transitions",
                f"{county}_handler",
                {"action": action},
            )
        return case_id


async def build_tree(tree: Tree) -> None:
    for key, (code, name, level) in CODES.items():
        parent = None
        if level > RegionLevel.PROVINCE:
            parent = next(
                r
                for r in tree.regions.values()
                if r.level == level - 1 and code.startswith(r.prefix)
            )
        tree.regions[key] = await Region.create(code=code, name=name, level=level, parent=parent)
    specs = {
        "city": ("CITY-SCJG", "青川市市场监督管理局", "city"),
        "city_office": ("CITY-ZWFW", "青川市政务服务管理局", "city"),
        "qs": ("QS-SCJG", "市场监管 QSMARK", "qs"),
        "qs_office": ("QS-ZWFW", "政务服务 QSMARK", "qs"),
        "qs_town": ("QS-CG", "便民服务中心 QSMARK", "qs_town"),
        "bs": ("BS-SCJG", "市场监管 BSMARK", "bs"),
        "bs_office": ("BS-ZWFW", "政务服务 BSMARK", "bs"),
    }
    for key, (code, name, region) in specs.items():
        tree.departments[key] = await Department.create(
            code=code, name=name, region=tree.regions[region].name, region_node=tree.regions[region]
        )
    for county in ("qs", "bs", "city"):
        tree.items[county] = await ServiceItem.create(
            code=f"ITEM-{county.upper()}",
            name=f"食品经营许可 {MARKS.get(county, 'CITYMARK')}",
            item_type=ItemType.LICENSING,
            department=tree.departments[county],
            online_depth=OnlineDepth.FULLY_ONLINE,
            legal_limit_days=20,
            promised_limit_days=5,
            materials=MATERIAL,
            status=ItemStatus.PUBLISHED,
        )
    for county in ("qs", "bs"):
        await ItemForwardHandler.create(
            item=tree.items[county], department=tree.departments["city"]
        )
    for county in ("qs", "bs"):
        await tree.staff(f"{county}_handler", ["handler"], county)
        await tree.staff(f"{county}_sup", ["supervisor"], f"{county}_office")
        await tree.staff(f"{county}_visitor", ["callback_visitor"], f"{county}_office")
    await tree.staff("city_sup", ["supervisor"], "city_office")
    await tree.staff("city_handler", ["handler"], "city")
    await tree.staff("admin", ["admin"], "city_office")


async def fill_county(tree: Tree, county: str) -> None:
    """A running case, a delivered case with a bad review, a forwarded case and a closed ticket."""
    mark = MARKS[county]
    running = await tree.case(county, f"o-{county}-1", "accept")
    delivered = await tree.case(
        county, f"o-{county}-2", "accept", "start_review", "approve", "deliver"
    )
    review = {"subject_type": "case", "subject_id": delivered, "grade": "very_dissatisfied"}
    response = await tree.client.post(
        "/api/reviews", json=review, headers=await tree.citizen(f"o-{county}-2")
    )
    assert response.status == 201, await response.text()
    forwarded = await tree.case(county, f"o-{county}-3", "accept")
    await tree.call(
        "POST",
        f"/api/staff/cases/{forwarded}/forward",
        f"{county}_handler",
        {"to_department_id": tree.departments["city"].id, "reason": "需市级审批"},
    )
    ticket = await tree.client.post(
        "/api/tickets",
        json={
            "column": "complaint",
            "title": f"窗口态度差 {mark}",
            "content": "办事窗口工作人员态度恶劣",
            "contact_name": "张三",
            "contact_phone": "13812345678",
            "contact_preference": "phone",
        },
        headers=await tree.citizen(f"o-{county}-4"),
    )
    assert ticket.status == 201, await ticket.text()
    ticket_id = (await ticket.json())["id"]
    await tree.call(
        "POST",
        f"/api/tickets/{ticket_id}/screening",
        "city_sup",
        {"accept": True, "department_id": tree.departments[county].id},
    )
    open_ticket = await tree.client.post(
        "/api/tickets",
        json={"column": "suggestion", "title": f"建议 {mark}", "content": "建议延长办公时间"},
        headers=await tree.citizen(f"o-{county}-5"),
    )
    assert open_ticket.status == 201, await open_ticket.text()
    open_id = (await open_ticket.json())["id"]
    await tree.call(
        "POST",
        f"/api/tickets/{open_id}/screening",
        "city_sup",
        {"accept": True, "department_id": tree.departments[county].id},
    )
    await tree.call(
        "POST",
        f"/api/tickets/{ticket_id}/closure",
        f"{county}_handler",
        {"closure": "resolved", "summary": "已处理"},
    )
    # The visit is due from the next working morning: make it due now.
    await CallbackVisit.filter(ticket_id=ticket_id).update(
        next_try_at=clock.utc_now() - timedelta(hours=1)
    )
    tree.made[county] = {
        "running": running,
        "delivered": delivered,
        "forwarded": forwarded,
        "ticket": open_id,
        "deadline": (await Deadline.get(subject_type="case", subject_id=running)).id,
        "rectification": (
            await Rectification.get(review__subject_type="case", review__subject_id=delivered)
        ).id,
        "visit": (await CallbackVisit.get(ticket_id=ticket_id)).id,
    }


async def red_cards(tree: Tree) -> None:
    """The supervision scan, run a month after every deadline: red cards everywhere."""
    latest = max(d.due_at for d in await Deadline.filter(due_at__not_isnull=True))
    app = tree.client.app
    calendar = await app[CALENDAR].current()
    await issue_cards(latest + timedelta(days=30), calendar, app[SETTINGS].supervision)


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    # Two counties' staff and citizens sign in from the one test address within a minute.
    return {"MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": "500"}


@pytest.fixture
async def tree(
    client: TestClient,
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> Tree:
    built = Tree(client, make_staff, login_citizen)
    await build_tree(built)
    return built


@pytest.fixture
async def world(tree: Tree) -> Tree:
    """The tree with both counties' matters in it, and their cards."""
    for county in ("qs", "bs"):
        await fill_county(tree, county)
    await red_cards(tree)
    return tree
