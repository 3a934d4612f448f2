"""Citizens: consent reported by the mini-app, quiet hours at night, wake-ups after a commit."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import KV, SETTINGS
from core.wakeup import publish_wakeup
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxStatus
from models.people import Citizen
from models.subscriptions import SubscriptionQuota
from notify.dispatcher import Dispatcher
from notify.service import run_dispatcher
from tests.notify.conftest import case_data, row
from workflows.outbox import enqueue, to_citizen, to_staff

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def test_citizen_reports_accepted_templates_and_gains_quota(
    client: TestClient, login_citizen
) -> None:
    headers = await login_citizen("o-report-1")
    body = {"results": {"TPL-CASE-STATUS": "accept", "TPL-TICKET-STATUS": "reject", "X": "accept"}}
    for _ in range(2):
        response = await client.post("/api/me/subscriptions", json=body, headers=headers)
        assert response.status == 200, await response.text()
    answer = await response.json()
    assert answer["ignored"] == ["X"]
    quotas = {q["template_id"]: q["remaining"] for q in answer["quotas"]}
    assert quotas == {"TPL-CASE-STATUS": 2}
    citizen = await Citizen.get(openid="o-report-1")
    assert await SubscriptionQuota.filter(citizen_id=citizen.id).count() == 1
    bad = await client.post(
        "/api/me/subscriptions", json={"results": {"a": "maybe"}}, headers=headers
    )
    assert bad.status == 422


async def test_citizen_messages_wait_for_the_morning_but_staff_red_cards_do_not(
    dispatcher: Dispatcher, make_citizen, make_staff_member, sim_state: SimulatorState
) -> None:
    dispatcher.settings = dispatcher.settings.model_copy(
        update={"quiet_start": time(22, 0), "quiet_end": time(8, 0)}
    )
    citizen = await make_citizen(consent={"TPL-CASE-STATUS": 1})
    staff = await make_staff_member("handler1", ["handler"])
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])
    card = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7, "card_id": 3}
    await enqueue([to_staff("s:1", staff.id, "deadline_red_card", card)])
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date()
    night = datetime.combine(tomorrow, time(23, 30), tzinfo=SHANGHAI)

    await dispatcher.deliver_due(night)

    assert (await row("s:1")).status == OutboxStatus.SENT
    held = await row("c:1")
    assert held.status == OutboxStatus.PENDING and held.attempts == 0
    morning = datetime.combine(tomorrow + timedelta(days=1), time(8, 0), tzinfo=SHANGHAI)
    assert held.next_attempt_at == morning.astimezone(UTC)
    await dispatcher.deliver_due(morning + timedelta(minutes=1))
    assert (await row("c:1")).status == OutboxStatus.SENT


@pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "postgres", reason="needs Redis"
)
async def test_a_redis_wakeup_sends_at_once_without_waiting_for_the_poll(
    dispatcher: Dispatcher, app: web.Application, make_staff_member, sim_state: SimulatorState
) -> None:
    settings = app[SETTINGS]
    slow_poll = settings.model_copy(
        update={"notify": settings.notify.model_copy(update={"poll_seconds": 300})}
    )
    staff = await make_staff_member("handler1", ["handler"])
    stop, wake = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run_dispatcher(dispatcher, slow_poll, wake, stop))
    try:
        await asyncio.sleep(0.3)  # first (empty) round done, listener subscribed
        card = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7, "message": "快"}
        await enqueue([to_staff("s:1", staff.id, "urging_notice", card)])
        await publish_wakeup(app[KV], settings.redis.prefix)
        for _ in range(100):
            if sim_state.delivered:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task
    assert (await row("s:1")).status == OutboxStatus.SENT
