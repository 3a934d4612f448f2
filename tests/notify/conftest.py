"""Notifier fixtures: a dispatcher wired to the simulator over HTTP, recipients known to both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from core.appkeys import KV, SETTINGS
from core.notify_templates import load_templates
from devtools.sms_sim import SmsSimState, create_sms_app
from devtools.sms_sim.templates import approve_templates
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxMessage
from models.people import Citizen, Department, StaffAccount
from notify.dispatcher import Dispatcher
from notify.service import build_dispatcher
from tests.tickets.conftest import calendar, county  # noqa: F401 (fixtures for SMS callbacks)

ROBOT_KEY = "robot-dept-a"


@pytest.fixture
def sms_state() -> SmsSimState:
    """The SMS provider as the simulator plays it, with our templates approved."""
    state = SmsSimState()
    approve_templates(state)
    return state


@pytest.fixture
async def sms_sim(sms_state: SmsSimState) -> AsyncIterator[str]:
    server = TestServer(create_sms_app(sms_state))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


def sms_environment(url: str, state: SmsSimState) -> dict[str, str]:
    return {
        "MINIAPP_SMS_API_BASE": url,
        "MINIAPP_SMS_SDK_APP_ID": state.sdk_app_id,
        "MINIAPP_SMS_SIGN_NAME": state.sign_name,
        "MINIAPP_SMS_SECRET_ID": state.secret_id,
        "MINIAPP_SMS_SECRET_KEY": state.secret_key,
    }


@pytest.fixture
def settings_overrides(sms_sim: str, sms_state: SmsSimState) -> dict[str, str]:
    # Quiet hours off (start == end) unless a test turns them on: the wall clock is not fixed.
    return {
        "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
        "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
        "MINIAPP_NOTIFY_ROBOT_KEYS": f"DEPT-A={ROBOT_KEY}",
        **sms_environment(sms_sim, sms_state),
    }


@pytest.fixture
def known_templates(sim_state: SimulatorState, settings_overrides: dict[str, str]) -> None:
    """The simulator knows our subscribe templates, as the WeChat console would."""
    book = load_templates("notify/templates/templates.toml", 6)
    for template in book:
        spec = template.sections.get("subscribe")
        if spec:
            sim_state.register_template(spec["template_id"], spec["data"].keys())
    sim_state.register_robot(ROBOT_KEY)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def dispatcher(
    client: TestClient, app: web.Application, http: aiohttp.ClientSession, known_templates: None
) -> Dispatcher:
    return build_dispatcher(app[SETTINGS], app[KV], http, worker_id="worker-a")


@pytest.fixture
def make_citizen(sim_state: SimulatorState) -> Callable[..., Awaitable[Citizen]]:
    async def make(
        openid: str = "o-citizen-1",
        consent: dict[str, int] | None = None,
        phone: str | None = None,
    ) -> Citizen:
        sim_state.register_mp_user(openid)
        citizen = await Citizen.create(openid=openid, phone=phone)
        for template_id, count in (consent or {}).items():
            sim_state.grant_subscription(openid, template_id, count)
            await citizen.subscription_quotas.create(template_id=template_id, remaining=count)
        return citizen

    return make


@pytest.fixture
def make_staff_member(sim_state: SimulatorState) -> Callable[..., Awaitable[StaffAccount]]:
    async def make(
        username: str, roles: list[str], department_code: str = "DEPT-A"
    ) -> StaffAccount:
        department, _ = await Department.get_or_create(
            code=department_code, defaults={"name": f"部门 {department_code}", "region": "测试县"}
        )
        userid = f"wx-{username}"
        sim_state.register_wecom_user(userid)
        return await StaffAccount.create(
            username=username,
            name=username,
            department=department,
            roles=roles,
            password_hash="x",
            wecom_userid=userid,
        )

    return make


def later(seconds: float) -> datetime:
    """A moment after every row enqueued so far is due."""
    from datetime import timedelta

    return datetime.now(UTC) + timedelta(seconds=seconds)


async def row(key: str) -> OutboxMessage:
    return await OutboxMessage.get(dedupe_key=key)


def case_data(**extra: Any) -> dict[str, Any]:
    return {
        "case_id": 42,
        "item_name": "食品经营许可证新办",
        "case_no": "QS2026112300042",
        "status": "已受理",
        "changed_at": "2026-11-23T10:30:00+08:00",
        **extra,
    }
