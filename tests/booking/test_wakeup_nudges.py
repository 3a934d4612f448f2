"""The API's outbox nudges: a burst of writes costs one or two Redis publishes, not one each,
and a write that commits after the last nudge went out still gets one."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis
from aiohttp.test_utils import TestClient

from core.kv import open_store
from core.wakeup import wakeup_channel
from miniapp_api.wakeup import NUDGER, Nudger
from tests.booking.support import book, slots_of

pytestmark = pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "postgres", reason="needs Redis"
)


async def _listener(url: str, prefix: str) -> AsyncIterator[asyncio.Queue[bytes]]:
    client = aioredis.from_url(url)
    pubsub = client.pubsub()
    await pubsub.subscribe(wakeup_channel(prefix))
    heard: asyncio.Queue[bytes] = asyncio.Queue()

    async def listen() -> None:
        async for message in pubsub.listen():
            if message["type"] == "message":
                heard.put_nowait(message["data"])

    task = asyncio.create_task(listen())
    try:
        yield heard
    finally:
        task.cancel()
        await pubsub.aclose()
        await client.aclose()


@pytest.fixture
async def heard(real_redis: tuple[str, str]) -> AsyncIterator[asyncio.Queue[bytes]]:
    async for queue in _listener(*real_redis):
        yield queue


async def _count(heard: asyncio.Queue[bytes]) -> int:
    await asyncio.sleep(0.3)  # what was published has arrived by now
    count = 0
    while not heard.empty():
        heard.get_nowait()
        count += 1
    return count


async def test_a_burst_of_nudges_is_published_once_or_twice_and_a_later_one_again(
    real_redis: tuple[str, str], heard: asyncio.Queue[bytes]
) -> None:
    kv = open_store(*real_redis)
    nudger = Nudger(kv, real_redis[1])
    try:
        for _ in range(50):
            nudger.nudge()
        await nudger.settle()
        assert 1 <= await _count(heard) <= 2
        nudger.nudge()  # a commit after the last nudge went out
        await nudger.settle()
        assert await _count(heard) == 1
    finally:
        await kv.close()


async def test_bookings_at_once_wake_the_notifier_and_every_one_is_announced(
    client: TestClient,
    heard: asyncio.Queue[bytes],
    hall: Any,
    item: Any,
    frozen_clock: Any,
    quick_citizen: Any,
) -> None:
    citizens = [await quick_citizen(f"o-nudge-{n}") for n in range(20)]
    slot = (await slots_of(client, citizens[0], hall, item))[-1]  # days ahead: reminders due
    responses = await asyncio.gather(*(book(client, c, slot["id"]) for c in citizens))
    assert all(r.status in (201, 409) for r in responses)
    await client.app[NUDGER].settle()
    assert 1 <= await _count(heard) <= len(citizens)  # each reminder row was announced
    late = await quick_citizen("o-nudge-late")
    other = (await slots_of(client, late, hall, item))[-2]
    assert (await book(client, late, other["id"])).status == 201
    await client.app[NUDGER].settle()
    assert await _count(heard) == 1  # the one after the burst gets its own
