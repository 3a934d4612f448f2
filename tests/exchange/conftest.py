"""The provincial platform simulator over HTTP, our platform configured to exchange with it,
and a dispatcher sending to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import KV, SETTINGS
from devtools import province_sim
from devtools.province_sim import ProvinceState
from models.catalog import ServiceItem
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.people import Department
from notify.dispatcher import Dispatcher
from notify.service import build_dispatcher
from tests.cases.conftest import application, make_item
from workflows.exchange import switch


@pytest.fixture
def province() -> ProvinceState:
    return ProvinceState(platform_code="county-test", outbound_secret="out-secret-" + "x" * 20,
                         inbound_secret="in-secret-" + "y" * 20)  # fmt: skip


class Sim:
    """The simulator, which a test can stop and start again on the same port."""

    def __init__(self, state: ProvinceState) -> None:
        self.state = state
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.base = ""

    async def start(self) -> None:
        self.runner, self.base = await province_sim.start(self.state, port=self.port)
        self.port = int(self.base.rsplit(":", 1)[1])

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


@pytest.fixture
async def sim(province: ProvinceState) -> AsyncIterator[Sim]:
    running = Sim(province)
    await running.start()
    yield running
    await running.stop()


def exchange_environment(sim: Sim, algorithm: str = "HMAC-SHA256") -> dict[str, str]:
    state = sim.state
    state.algorithm = algorithm  # type: ignore[assignment]
    return {
        "MINIAPP_EXCHANGE_ENABLED": "true",
        "MINIAPP_EXCHANGE_API_BASE": sim.base,
        "MINIAPP_EXCHANGE_PLATFORM_CODE": state.platform_code,
        "MINIAPP_EXCHANGE_PROVINCE_KEY_ID": state.province_key_id,
        "MINIAPP_EXCHANGE_ALGORITHM": algorithm,
        "MINIAPP_EXCHANGE_OUTBOUND_SECRET": state.outbound_secret,
        "MINIAPP_EXCHANGE_INBOUND_SECRET": state.inbound_secret,
        "MINIAPP_EXCHANGE_TIMEOUT_SECONDS": "2",
        "MINIAPP_EXCHANGE_DEPARTMENT_CODES": "PROV-A=DEPT-A",
        "MINIAPP_EXCHANGE_INTAKE_DEPARTMENT": "OFFICE",
        "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
        "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
    }


@pytest.fixture
def settings_overrides(sim: Sim) -> dict[str, str]:
    return exchange_environment(sim)


@pytest.fixture
async def dispatcher(client: TestClient) -> AsyncIterator[Dispatcher]:
    app = client.server.app
    async with aiohttp.ClientSession() as http:
        yield build_dispatcher(app[SETTINGS], app[KV], http)


Drain = Callable[..., Awaitable[int]]


@pytest.fixture
def drain(dispatcher: Dispatcher) -> Drain:
    """Deliver until nothing is due, moving the clock on a little each round (retries and the
    per-case hold wait in time); returns the rounds it took."""

    async def run(rounds: int = 60, step_seconds: float = 30.0) -> int:
        start = datetime.now(UTC)
        for n in range(1, rounds + 1):
            await dispatcher.deliver_due(start + timedelta(seconds=n * step_seconds))
            waiting = await OutboxMessage.filter(
                channel=Channel.PROVINCE, status__in=(OutboxStatus.PENDING, OutboxStatus.SENDING)
            ).count()
            if not waiting:
                return n
        return rounds

    return run


async def push(
    sim: Sim, client: TestClient, path: str, payload: dict[str, Any], **kw: Any
) -> tuple[int, dict[str, Any]]:
    base = str(client.make_url("")).rstrip("/")
    return (await province_sim.push(sim.state, base, path, payload, **kw))[-1]


def province_item(code: str = "P-0001", version: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "taskCode": code,
        "taskVersion": version,
        "taskState": "active",
        "taskName": "食品经营许可",
        "taskType": "行政许可",
        "deptCode": "PROV-A",
        "setBasis": "《食品安全法》第三十五条",
        "onlineDepth": "全程网办",
        "legalLimit": 20,
        "promiseLimit": 10,
        "chargeInfo": "不收费",
        "acceptCondition": "具有与经营食品相适应的场所",
        "materials": [{"materialName": "申请书", "materialFormat": "电子件"}],
        "process": [{"stepName": "受理"}, {"stepName": "审查"}],
        **extra,
    }


@pytest.fixture
async def item(client: TestClient) -> ServiceItem:
    return await make_item("ITEM-A", "营业执照变更登记", "DEPT-A")


async def open_case(
    client: TestClient, login_citizen: Any, openid: str = "o-citizen-1"
) -> dict[str, Any]:
    headers = await login_citizen(openid)
    response = await client.post("/api/cases", json=application("ITEM-A"), headers=headers)
    assert response.status == 201, await response.text()
    return (await response.json())["case"]


async def move(
    client: TestClient, staff: dict[str, Any], case_id: int, action: str, **body: Any
) -> None:
    response = await client.post(
        f"/api/staff/cases/{case_id}/transitions", json={"action": action, **body}, headers=staff
    )
    assert response.status == 200, await response.text()


@pytest.fixture(autouse=True)
def exchange_off_afterwards() -> Iterator[None]:
    """The app of these tests switched the exchange on for this process; off again after."""
    yield
    switch.configure(False)


@pytest.fixture(autouse=True)
async def our_department(client: TestClient) -> Department:
    """Our department the province calls PROV-A ([exchange] department_codes)."""
    department, _ = await Department.get_or_create(
        code="DEPT-A", defaults={"name": "县市场监管局", "region": "测试县"}
    )
    await Department.get_or_create(code="OFFICE", defaults={"name": "县政务服务管理局",
                                                            "region": "测试县"})  # fmt: skip
    return department
