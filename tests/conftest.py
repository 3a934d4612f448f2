"""Fixtures: a real database (SQLite file or a fresh PostgreSQL database per run), real Redis when
asked for, the WeChat simulator over HTTP, and the app built by the real factory.

MINIAPP_TEST_BACKEND=sqlite (default) or postgres. With postgres, Redis is used too, under a key
prefix of our own that is deleted afterwards; nothing else in that Redis is touched.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest
import redis.asyncio as aioredis
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from tortoise import connections

from core.appkeys import SETTINGS
from core.config import load_settings
from core.db import migrate_database
from core.notify_templates import TemplateError, load_templates
from core.passwords import hash_password
from core.settings import DatabaseSettings, Settings
from devtools.wechat_sim import SimulatorState, create_mp_app, create_wecom_app
from miniapp_api.app import create_app
from models.outbox import Channel, OutboxMessage
from models.people import Department, StaffAccount
from notify.render import render

BACKEND = os.environ.get("MINIAPP_TEST_BACKEND", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "MINIAPP_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PG_TEST_BASE = os.environ.get("MINIAPP_TEST_PG_BASE", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("MINIAPP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_ID = uuid.uuid4().hex[:10]
KEY_PREFIX = f"miniapp-test-{RUN_ID}:"
STAFF_PASSWORD = "correct horse battery staple"


def pytest_report_header() -> str:
    return f"backend: {BACKEND} (run {RUN_ID})"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if BACKEND == "postgres":
        name = f"miniapp_test_{RUN_ID}"
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
        url = f"{PG_TEST_BASE}/{name}"
        asyncio.run(migrate_database(DatabaseSettings(url=url)))
        yield url
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        url = f"sqlite://{path}"
        asyncio.run(migrate_database(DatabaseSettings(url=url)))
        yield url


async def _pg_admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def sim_state() -> SimulatorState:
    return SimulatorState()


@pytest.fixture
async def wechat_sim(sim_state: SimulatorState) -> AsyncIterator[dict[str, str]]:
    servers = [TestServer(create_mp_app(sim_state)), TestServer(create_wecom_app(sim_state))]
    for server in servers:
        await server.start_server()
    yield {
        "mp": str(servers[0].make_url("")).rstrip("/"),
        "wecom": str(servers[1].make_url("")).rstrip("/"),
    }
    for server in servers:
        await server.close()


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    """Tests override single settings here, as an operator would with environment variables."""
    return {}


@pytest.fixture
def settings(
    database_url: str,
    wechat_sim: dict[str, str],
    sim_state: SimulatorState,
    settings_overrides: dict[str, str],
) -> Settings:
    environ = {
        "MINIAPP_DATABASE_URL": database_url,
        "MINIAPP_REDIS_URL": REDIS_URL if BACKEND == "postgres" else "",
        "MINIAPP_REDIS_PREFIX": KEY_PREFIX,
        "MINIAPP_WECHAT_API_BASE": wechat_sim["mp"],
        "MINIAPP_WECHAT_APPID": sim_state.appid,
        "MINIAPP_WECHAT_SECRET": sim_state.secret,
        "MINIAPP_WECOM_API_BASE": wechat_sim["wecom"],
        "MINIAPP_WECOM_CORPID": sim_state.corpid,
        "MINIAPP_WECOM_SECRET": sim_state.corpsecret,
        "MINIAPP_WECOM_AGENTID": str(sim_state.agentid),
        # Personal data is encrypted under the public demo key unless a test sets keys.
        "MINIAPP_PROTECTION_DEMO_KEYS": "true",
        **settings_overrides,
    }
    return load_settings(environ=environ)


@pytest.fixture
async def app(settings: Settings) -> web.Application:
    return create_app(settings)


@pytest.fixture
async def client(
    app: web.Application,
    aiohttp_client: Callable[..., Awaitable[TestClient]],
    request: pytest.FixtureRequest,
) -> AsyncIterator[TestClient]:
    test_client = await aiohttp_client(app)
    await _wipe_database()
    yield test_client
    # Tests of the notifier itself write rows by hand (unknown templates, partial data) on purpose.
    if request.node.get_closest_marker("handmade_outbox") is None:
        await _check_outbox_renders(app)
    await _wipe_redis_namespace()


async def _check_outbox_renders(app: web.Application) -> None:
    """Every message a test made the workflows write must render with the configured templates
    (the producer's data has every placeholder the template uses): the contract between the
    features that write the outbox and the notifier that sends it."""
    settings = app[SETTINGS]
    book = load_templates(settings.notify.templates_file, settings.notify.default_max_tries)
    tz = ZoneInfo(settings.calendar.timezone)
    problems = []
    for message in await OutboxMessage.all():
        try:
            template = book.get(message.template)
            render(template, message.channel, message.data, tz, "contract-check", "http://console")
            if template.fallback and message.channel is Channel.SUBSCRIBE_MESSAGE:
                render(
                    template, Channel(template.fallback), message.data, tz, "x", "http://console"
                )
        except TemplateError as error:
            problems.append(f"{message.template} via {message.channel}: {error.message}")
    assert not problems, "outbox messages that cannot be rendered: " + "; ".join(problems)


async def _wipe_database() -> None:
    db = connections.get("default")
    if BACKEND == "postgres":
        _, rows = await db.execute_query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'tortoise_migrations'"
        )
        tables = ", ".join(f'"{row["tablename"]}"' for row in rows)
        await db.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return
    _, rows = await db.execute_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' AND name <> 'tortoise_migrations'"
    )
    script = "".join(f'DELETE FROM "{row["name"]}";' for row in rows)
    await db.execute_script("PRAGMA foreign_keys = OFF;" + script + "PRAGMA foreign_keys = ON;")


async def _wipe_redis_namespace() -> None:
    if BACKEND != "postgres":
        return
    client = aioredis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=KEY_PREFIX + "*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def real_redis() -> AsyncIterator[tuple[str, str]]:
    """The real Redis of the postgres run, and a key prefix that is wiped afterwards."""
    yield REDIS_URL, KEY_PREFIX
    await _wipe_redis_namespace()


# --- people -------------------------------------------------------------------------------


@pytest.fixture
def login_citizen(
    client: TestClient, sim_state: SimulatorState
) -> Callable[[str], Awaitable[dict[str, Any]]]:
    """Log a citizen in through the real flow (simulator code -> login); returns headers."""

    async def login(openid: str) -> dict[str, Any]:
        code = sim_state.issue_login_code(openid)
        response = await client.post("/api/auth/login", json={"code": code})
        assert response.status == 200, await response.text()
        token = (await response.json())["token"]
        return {"Authorization": f"Bearer {token}"}

    return login


@pytest.fixture
def make_staff(client: TestClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Create a staff account in a department and log it in; returns headers."""

    async def make(
        username: str, roles: list[str], department_code: str = "DEPT-A", active: bool = True
    ) -> dict[str, Any]:
        department, _ = await Department.get_or_create(
            code=department_code, defaults={"name": f"部门 {department_code}", "region": "测试县"}
        )
        await StaffAccount.create(
            username=username,
            name=username,
            department=department,
            roles=roles,
            password_hash=_password_hash(),
            active=True,
        )
        response = await client.post(
            "/api/auth/staff-login", json={"username": username, "password": STAFF_PASSWORD}
        )
        assert response.status == 200, await response.text()
        if not active:
            await StaffAccount.filter(username=username).update(active=False)
        token = (await response.json())["token"]
        return {"Authorization": f"Bearer {token}"}

    return make


_HASH_CACHE: dict[str, str] = {}


def _password_hash() -> str:
    # argon2 is slow on purpose; one hash serves every test account.
    if "hash" not in _HASH_CACHE:
        _HASH_CACHE["hash"] = hash_password(STAFF_PASSWORD)
    return _HASH_CACHE["hash"]


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
