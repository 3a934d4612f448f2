"""WeChat hanging longer than our timeout: the message is retried later, and never doubled."""

from __future__ import annotations

import asyncio

import pytest

from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxMessage, OutboxStatus
from models.subscriptions import SubscriptionQuota
from notify.dispatcher import Dispatcher
from tests.notify.conftest import ROBOT_KEY, case_data, later, row
from workflows.outbox import enqueue, to_citizen, to_staff

SUBSCRIBE = "/cgi-bin/message/subscribe/send"
HANG = 0.6  # seconds; the client gives up after TIMEOUT
TIMEOUT = "0.2"
URGING = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7, "message": "请加快"}


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {
        "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
        "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
        "MINIAPP_NOTIFY_ROBOT_KEYS": f"DEPT-A={ROBOT_KEY}",
        "MINIAPP_WECHAT_TIMEOUT_SECONDS": TIMEOUT,
    }


async def test_a_hang_that_delivers_nothing_is_retried_later_and_sent_once(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen(consent={"TPL-CASE-STATUS": 1})
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])
    # The gateway holds the call, then gives up: WeChat never saw the message.
    sim_state.inject_fault(SUBSCRIBE, delay=HANG, http_status=504)

    await dispatcher.deliver_due(later(1))
    message = await row("c:1")
    assert message.status == OutboxStatus.PENDING and message.last_error_code == "unreachable"
    assert (await SubscriptionQuota.get(citizen_id=citizen.id)).remaining == 1

    await dispatcher.deliver_due(later(3600))
    await asyncio.sleep(HANG)  # the hung call has ended by now
    assert (await row("c:1")).status == OutboxStatus.SENT
    assert len(sim_state.delivered) == 1


async def test_a_card_sent_by_a_worker_that_died_before_recording_it_is_not_sent_twice(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    await enqueue([to_staff("s:1", staff.id, "urging_notice", URGING)])
    await dispatcher.deliver_due(later(1))
    assert len(sim_state.delivered) == 1
    # The worker was killed between WeChat's answer and its commit: the row is claimable again.
    await OutboxMessage.filter(dedupe_key="s:1").update(
        status=OutboxStatus.SENDING, lease_until=later(-3600), sent_at=None
    )

    # The retry carries the same task_id; WeChat Work refuses it as a duplicate: done.
    await dispatcher.deliver_due(later(3600))
    message = await row("s:1")
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert len(sim_state.delivered) == 1
