"""Health: database and Redis checked, and said plainly."""

import os

from aiohttp.test_utils import TestClient


async def test_health_reports_database_and_redis(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    expected = "ok" if os.environ.get("MINIAPP_TEST_BACKEND") == "postgres" else "not_configured"
    assert body["redis"] == expected
