"""A county for the bots: a published item with FAQ, a citizen, handlers bound to WeChat Work."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bots.services import BOTS
from core.appkeys import CATALOG_SEARCH, KV, SETTINGS
from devtools.wechat_sim import SimulatorState
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department, StaffAccount
from notify.dispatcher import Dispatcher
from notify.service import build_dispatcher
from tests.bots.support import MP_AES_KEY, MP_TOKEN, WECOM_AES_KEY, WECOM_TOKEN, WeChatServer

MSG_IDS = itertools.count(6_000_000_000_000_000_001)


def next_msg_id() -> int:
    return next(MSG_IDS)


BOT_SETTINGS = {
    "MINIAPP_BOTS_MP_TOKEN": MP_TOKEN,
    "MINIAPP_BOTS_MP_ENCODING_AES_KEY": MP_AES_KEY,
    "MINIAPP_BOTS_WECOM_TOKEN": WECOM_TOKEN,
    "MINIAPP_BOTS_WECOM_ENCODING_AES_KEY": WECOM_AES_KEY,
    "MINIAPP_CATALOG_SEARCH_REFRESH_SECONDS": "0",
    "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
    "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
}

# Plain mode only: no EncodingAESKey for the citizen webhook (the staff one is always encrypted).
PLAIN_ONLY = {k: v for k, v in BOT_SETTINGS.items() if k != "MINIAPP_BOTS_MP_ENCODING_AES_KEY"}


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return dict(BOT_SETTINGS)


@pytest.fixture
def wechat(client: TestClient, sim_state: SimulatorState) -> WeChatServer:
    return WeChatServer(client, sim_state.appid, sim_state.corpid)


@pytest.fixture
def drain(app: web.Application) -> Callable[[], Awaitable[None]]:
    """Wait for the work the webhooks left running (late answers, card updates)."""

    async def wait() -> None:
        await app[BOTS].tasks.drain()

    return wait


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def dispatcher(
    client: TestClient, app: web.Application, http: aiohttp.ClientSession
) -> Dispatcher:
    return build_dispatcher(app[SETTINGS], app[KV], http, worker_id="bots-test")


async def make_item(code: str, name: str, department_code: str, **extra: Any) -> ServiceItem:
    department, _ = await Department.get_or_create(
        code=department_code, defaults={"name": f"部门 {department_code}", "region": "测试县"}
    )
    return await ServiceItem.create(
        code=code,
        name=name,
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
        **extra,
    )


@pytest.fixture
async def catalog(client: TestClient, app: web.Application) -> dict[str, ServiceItem]:
    items = {
        "licence": await make_item(
            "ITEM-A",
            "营业执照变更登记",
            "DEPT-A",
            themes=["开办企业"],
            faq=[
                {"question": "营业执照变更多久能办好？", "answer": "材料齐全的，1个工作日内办结。"}
            ],
        ),
        "social": await make_item("ITEM-B", "社会保险参保登记", "DEPT-B", themes=["社保"]),
    }
    await app[CATALOG_SEARCH].refresh(force=True)
    return items


async def bind_staff(sim_state: SimulatorState, username: str, userid: str) -> StaffAccount:
    """Bind an existing staff account to a WeChat Work member (as an admin would)."""
    sim_state.register_wecom_user(userid)
    await StaffAccount.filter(username=username).update(wecom_userid=userid)
    return await StaffAccount.get(username=username)
