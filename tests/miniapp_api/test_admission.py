"""A server with every place at work taken queues the next request; one that waited too long is
told to come back (429 with Retry-After), never failed; health probes are never queued."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from miniapp_api import admission


async def take_every_place(app: web.Application) -> int:
    gate = app[admission.GATE]
    taken = 0
    while not gate.locked():
        await gate.acquire()  # the test itself holds the places, as long requests would
        taken += 1
    return taken


def give_back(app: web.Application, places: int) -> None:
    for _ in range(places):
        app[admission.GATE].release()


async def test_a_request_that_waited_too_long_is_told_to_come_back(
    client: TestClient, app: web.Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admission, "ADMISSION_WAIT_SECONDS", 0.2)
    taken = await take_every_place(app)
    try:
        busy = await client.get("/api/items")
        assert busy.status == 429
        assert busy.headers["Retry-After"] == str(admission.RETRY_AFTER_SECONDS)
        assert (await busy.json())["code"] == "busy"
        assert (await client.get("/healthz")).status == 200
    finally:
        give_back(app, taken)
    assert (await client.get("/api/items")).status == 200


async def test_a_queued_request_is_served_when_a_place_frees(
    client: TestClient, app: web.Application
) -> None:
    taken = await take_every_place(app)
    waiting = asyncio.create_task(client.get("/api/items"))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    give_back(app, taken)
    assert (await waiting).status == 200
