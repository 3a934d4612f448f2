"""Migration 0020_regions on a database that already has departments, halls and staff: every row
lands under one default county, so scoped supervision sees them from the first request."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import connections
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate

from core.db import tortoise_config
from core.settings import DatabaseSettings
from tests.conftest import BACKEND, PG_TEST_BASE, _pg_admin

BEFORE = "0015_verified_authors"


@pytest.fixture
async def fresh_url(tmp_path: Path) -> AsyncIterator[str]:
    if BACKEND == "postgres":
        name = f"miniapp_mig_{uuid.uuid4().hex[:10]}"
        await _pg_admin(f'CREATE DATABASE "{name}"')
        yield f"{PG_TEST_BASE}/{name}"
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite://{tmp_path / 'before.sqlite3'}"


async def _rows(sql: str) -> list[dict]:
    return list(await connections.get("default").execute_query_dict(sql))


async def test_existing_rows_go_under_one_default_county(fresh_url: str) -> None:
    config = tortoise_config(DatabaseSettings(url=fresh_url))
    async with TortoiseContext():
        await migrate(config=config, target=f"models.{BEFORE}")
        db = connections.get("default")
        await db.execute_script(
            "INSERT INTO department (created_at, updated_at, code, name, region) VALUES "
            "(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'OLD', '老部门', '青山县');"
            "INSERT INTO staff_account (created_at, updated_at, username, password_hash, name, "
            "department_id, roles, password_login_allowed, active) SELECT CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, 'old', '-', '老员工', id, '[\"supervisor\"]', TRUE, TRUE "
            "FROM department;"
        )
    async with TortoiseContext():
        await migrate(config=config)
        regions = await _rows("SELECT id, code, level FROM region ORDER BY code")
        assert [(r["code"], r["level"]) for r in regions] == [
            ("990000000000", 1),
            ("990100000000", 2),
            ("990101000000", 3),
        ]
        county = regions[-1]["id"]
        for table in ("department", "staff_account"):
            placed = await _rows(f"SELECT region_node_id FROM {table}")
            assert [r["region_node_id"] for r in placed] == [county], table


async def test_a_fresh_database_gets_no_invented_regions(fresh_url: str) -> None:
    config = tortoise_config(DatabaseSettings(url=fresh_url))
    async with TortoiseContext():
        await migrate(config=config)
        assert await _rows("SELECT id FROM region") == []
