"""Every row of every table, to show that a refused request changed nothing at all."""

from __future__ import annotations

from tortoise import connections

from tests.conftest import BACKEND


async def database_snapshot() -> dict[str, list[str]]:
    db = connections.get("default")
    if BACKEND == "postgres":
        query = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    _, tables = await db.execute_query(query)
    snapshot = {}
    for table in sorted(row["name"] for row in tables):
        _, rows = await db.execute_query(f'SELECT * FROM "{table}"')
        snapshot[table] = sorted(repr(sorted(dict(row).items())) for row in rows)
    return snapshot


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]
