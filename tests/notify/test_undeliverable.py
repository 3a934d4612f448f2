"""What cannot be delivered (no group robot, no address) ends at once, before any rate limit."""

from __future__ import annotations

import pytest

from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxMessage, OutboxStatus
from models.people import Department, StaffAccount
from notify.dispatcher import Dispatcher
from tests.notify.conftest import ROBOT_KEY, later
from workflows.outbox import enqueue, to_department, to_staff

ROBOT_PER_MINUTE = 5
APP_PER_MINUTE = 3


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {
        "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
        "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
        "MINIAPP_NOTIFY_ROBOT_KEYS": f"DEPT-A={ROBOT_KEY}",
        "MINIAPP_NOTIFY_ROBOT_PER_MINUTE": str(ROBOT_PER_MINUTE),
        "MINIAPP_NOTIFY_WECOM_APP_PER_MINUTE": str(APP_PER_MINUTE),
    }


def _urging(n: int) -> dict[str, object]:
    return {"title": f"食品经营许可 QS{n:03d}", "message": "请于今日内办结", "deadline_id": n}


async def test_urgings_to_a_department_without_robot_fail_at_once_with_the_reason(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    await make_staff_member("handler-b", ["handler"], "DEPT-B")  # DEPT-B has no robot
    department = await Department.get(code="DEPT-B")
    urgings = 4 * ROBOT_PER_MINUTE
    await enqueue(
        to_department(f"u:{n}", department.id, "urging_notice", _urging(n)) for n in range(urgings)
    )

    assert await dispatcher.deliver_due(later(1)) == urgings

    rows = await OutboxMessage.filter(dedupe_key__startswith="u:")
    assert {row.status for row in rows} == {OutboxStatus.FAILED}
    assert {row.last_error_code for row in rows} == {"no_robot"}
    assert "DEPT-B has no group robot configured" in rows[0].last_error_message
    assert all(row.attempts == 0 for row in rows)  # nothing was ever sent to WeChat
    assert sim_state.delivered == []
    assert await dispatcher.deliver_due(later(2)) == 0  # nothing left to drain


async def test_undeliverable_cards_take_no_share_of_the_rate_budget(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    reachable = await make_staff_member("handler1", ["handler"])
    unreachable = await make_staff_member("handler2", ["handler"])
    await StaffAccount.filter(id=unreachable.id).update(wecom_userid="")  # never bound to WeCom
    data = {"title": "某事项", "message": "请办理"}
    await enqueue(
        to_staff(f"x:{n}", unreachable.id, "urging_notice", data) for n in range(2 * APP_PER_MINUTE)
    )
    await dispatcher.deliver_due(later(1))
    failed = await OutboxMessage.filter(dedupe_key__startswith="x:")
    assert {(row.status, row.last_error_code) for row in failed} == {
        (OutboxStatus.FAILED, "no_address")
    }

    # Within the same minute, the whole budget is still there for those who can be reached.
    await enqueue(
        to_staff(f"ok:{n}", reachable.id, "urging_notice", data) for n in range(APP_PER_MINUTE)
    )
    await dispatcher.deliver_due(later(2))
    sent = await OutboxMessage.filter(dedupe_key__startswith="ok:", status=OutboxStatus.SENT)
    assert len(sent) == APP_PER_MINUTE
    assert len(sim_state.delivered) == APP_PER_MINUTE
