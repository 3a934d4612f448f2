"""Redis stops while the server runs: every answer is a clean 503 with Retry-After or a real
answer from the database, never a 500; the outbox and the sessions, being in the database, lose
nothing; and when Redis is back, people carry on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from models.outbox import OutboxMessage
from tests.security.conftest import World
from tests.security.examples import request_kwargs
from tests.security.throwaway import ThrowawayRedis

TICKET = {"column": "consult", "title": "营业执照怎么办", "content": "请问需要哪些材料"}


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def settings_overrides(redis_server: ThrowawayRedis) -> dict[str, str]:
    return {"MINIAPP_REDIS_URL": redis_server.url}


async def test_with_redis_stopped_nothing_answers_500_and_the_catalog_still_reads(
    world: World, client: TestClient, redis_server: ThrowawayRedis, login_citizen
) -> None:
    assert (await client.post("/api/tickets", json=TICKET, headers=world.citizen_a)).status == 201
    queued = await OutboxMessage.all().count()
    document = await (await client.get("/api/openapi.json")).json()

    redis_server.stop()
    failures = []
    for template, methods in document["paths"].items():
        path = template.replace("{year}", "2026").replace("{code}", world.item.code)
        path = path.replace("{", "").replace("}", "").replace("_id", "1")
        for method, operation in methods.items():
            if operation["operationId"] == "health":
                continue  # its 503 is the health report itself, checked below
            for headers in ({}, world.citizen_a):
                body = request_kwargs(document, operation)  # a form is read once: make anew
                response = await client.request(method, path, headers=headers, **body)
                if response.status >= 500 and (
                    response.status != 503 or "Retry-After" not in response.headers
                ):
                    failures.append(f"{operation['operationId']}: {response.status}")
    assert not failures
    # The catalog needs no Redis, nor do sessions (the database keeps them); rate limits do,
    # and say so.
    assert (await client.get(f"/api/items/{world.item.code}")).status == 200
    assert (await client.get("/api/items")).status == 200
    assert (await client.get("/api/me", headers=world.citizen_a)).status == 200
    refused = await client.post("/api/tickets", json=TICKET, headers=world.citizen_a)
    assert refused.status == 503 and (await refused.json())["code"] == "cache_unavailable"
    assert (await client.get("/healthz")).status == 503
    assert await OutboxMessage.all().count() == queued

    redis_server.start()
    # The session from before the outage still works, and people log in again as before.
    assert (await client.post("/api/tickets", json=TICKET, headers=world.citizen_a)).status == 201
    again = await login_citizen("openid-a")
    assert (await client.post("/api/tickets", json=TICKET, headers=again)).status == 201
    assert (await client.get("/healthz")).status == 200
