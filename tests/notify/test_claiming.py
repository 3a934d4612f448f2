"""Rows are claimed with a lease: a crashed worker's rows go out later, and never twice."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from core.appkeys import KV, SETTINGS
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxMessage, OutboxStatus
from notify.claim import Sent, claim_due, release_sent
from notify.dispatcher import Dispatcher
from notify.service import build_dispatcher, run_dispatcher
from tests.notify.conftest import later, row
from workflows.outbox import enqueue, to_staff

CARD = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7, "message": "请加快"}
ON_POSTGRES = os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") == "postgres"


async def test_a_crashed_workers_rows_are_sent_after_the_lease_expires(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    await enqueue([to_staff("s:1", staff.id, "urging_notice", CARD)])
    now = later(1)
    # A worker claims the row and dies before sending.
    [claimed] = await claim_due("crashed-worker", now, 10, lease_seconds=120)
    assert claimed.status == OutboxStatus.SENDING

    assert await dispatcher.deliver_due(now + timedelta(seconds=60)) == 0  # still leased
    assert await dispatcher.deliver_due(now + timedelta(seconds=121)) == 1

    message = await row("s:1")
    assert message.status == OutboxStatus.SENT and message.claimed_by == ""
    assert len(sim_state.delivered) == 1


async def test_a_late_worker_cannot_overwrite_the_outcome_of_a_reclaimed_row(
    dispatcher: Dispatcher, make_staff_member
) -> None:
    from notify.claim import release

    staff = await make_staff_member("handler1", ["handler"])
    await enqueue([to_staff("s:1", staff.id, "urging_notice", CARD)])
    now = later(1)
    [stale] = await claim_due("slow-worker", now, 10, lease_seconds=10)
    await dispatcher.deliver_due(now + timedelta(seconds=11))
    assert not await release(stale, "slow-worker", status=OutboxStatus.FAILED)
    assert (await row("s:1")).status == OutboxStatus.SENT


async def test_a_late_workers_batch_of_sent_outcomes_leaves_reclaimed_rows_alone(
    dispatcher: Dispatcher, make_staff_member
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    await enqueue([to_staff(f"s:{i}", staff.id, "urging_notice", CARD) for i in range(3)])
    now = later(1)
    stale = await claim_due("slow-worker", now, 10, lease_seconds=10)
    assert await dispatcher.deliver_due(now + timedelta(seconds=11)) == 3
    done = {m.id: (m.attempts, m.delivery) for m in await OutboxMessage.all()}

    late = [Sent(m.id, 9, {"late": True}) for m in stale]
    await release_sent("slow-worker", late, now + timedelta(seconds=12))

    assert {m.id: (m.attempts, m.delivery) for m in await OutboxMessage.all()} == done
    assert all(d and "late" not in d for _, d in done.values())


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks (SKIP LOCKED) need PostgreSQL")
async def test_two_workers_racing_on_postgres_never_send_a_message_twice(
    dispatcher: Dispatcher,
    app: web.Application,
    http: aiohttp.ClientSession,
    sim_state: SimulatorState,
    make_staff_member,
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    total = 300
    await enqueue([to_staff(f"s:{i}", staff.id, "urging_notice", CARD) for i in range(total)])
    second = build_dispatcher(app[SETTINGS], app[KV], http, worker_id="worker-b")
    now = later(1)

    async def drain(worker: Dispatcher) -> int:
        claimed = 0
        while n := await worker.deliver_due(now):
            claimed += n
        return claimed

    a, b = await asyncio.gather(drain(dispatcher), drain(second))

    assert a + b == total and a > 0 and b > 0
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == total
    task_ids = [d.payload["template_card"]["task_id"] for d in sim_state.delivered]
    assert len(task_ids) == total == len(set(task_ids))


async def test_with_redis_down_polling_still_delivers(
    dispatcher: Dispatcher, app: web.Application, sim_state: SimulatorState, make_staff_member
) -> None:
    settings = app[SETTINGS]
    down = settings.model_copy(
        update={
            "redis": settings.redis.model_copy(update={"url": "redis://127.0.0.1:9/0"}),
            "notify": settings.notify.model_copy(update={"poll_seconds": 0.05}),
        }
    )
    staff = await make_staff_member("handler1", ["handler"])
    stop, wake = asyncio.Event(), asyncio.Event()
    loop_task = asyncio.create_task(run_dispatcher(dispatcher, down, wake, stop))
    try:
        await asyncio.sleep(0.1)  # the wake-up listener has failed to connect by now
        await enqueue([to_staff("s:1", staff.id, "urging_notice", CARD)])
        for _ in range(200):
            if sim_state.delivered:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await loop_task
    assert (await row("s:1")).status == OutboxStatus.SENT
