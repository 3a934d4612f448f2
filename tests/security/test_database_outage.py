"""A database going down or starting up is a 503 with Retry-After, whatever asyncpg raises
(bench/drill_pg_restart.py found these escaping as 500s)."""

from __future__ import annotations

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from models.catalog import ServiceItem

OUTAGES = [
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions._base.InternalClientError("cannot switch to state 12"),
]


@pytest.mark.parametrize("error", OUTAGES, ids=lambda error: type(error).__name__)
async def test_a_database_outage_is_a_clean_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(ServiceItem, "get_or_none", failing)
    response = await client.get("/api/items/ANY-1")
    assert response.status == 503
    assert (await response.json())["code"] == "database_unavailable"
    assert int(response.headers["Retry-After"]) > 0


async def test_other_database_errors_stay_500s_and_are_logged(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise asyncpg.exceptions.UndefinedColumnError("column does not exist")

    monkeypatch.setattr(ServiceItem, "get_or_none", failing)
    assert (await client.get("/api/items/ANY-1")).status == 500
