"""Each channel delivers through the simulator over HTTP; what cannot be sent says why."""

from __future__ import annotations

import pytest

from devtools.sms_sim import SmsSimState
from devtools.wechat_sim import SimulatorState
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.people import Department
from models.subscriptions import SubscriptionQuota
from notify.dispatcher import Dispatcher
from tests.notify.conftest import ROBOT_KEY, case_data, later, row
from workflows.outbox import enqueue, to_citizen, to_department, to_staff

CASE_TEMPLATE = "TPL-CASE-STATUS"


async def test_subscribe_message_reaches_a_consenting_citizen_within_field_limits(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen(consent={CASE_TEMPLATE: 1})
    long_name = "不动产登记（首次登记）国有建设用地使用权及房屋所有权首次登记"
    await enqueue(
        [to_citizen("c:1", citizen.id, "case_status_changed", case_data(item_name=long_name))]
    )

    assert await dispatcher.deliver_due(later(1)) == 1

    message = await row("c:1")
    assert message.status == OutboxStatus.SENT and message.attempts == 1
    [delivered] = sim_state.delivered
    data = delivered.payload["data"]
    assert len(data["thing1"]["value"]) == 20 and data["thing1"]["value"].endswith("…")
    assert data["time4"]["value"] == "2026-11-23 10:30"
    assert delivered.payload["page"] == "pages/cases/detail?id=42"
    quota = await SubscriptionQuota.get(citizen_id=citizen.id, template_id=CASE_TEMPLATE)
    assert quota.remaining == 0


async def test_wecom_card_reaches_staff_with_a_task_id_to_update_it(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    data = {
        "title": "食品经营许可 张*",
        "due_at": "2026-11-24T23:59:59+08:00",
        "deadline_id": 7,
        "card_id": 3,  # supervision.alert_data always has it: the button key names the card
    }
    await enqueue([to_staff("s:1", staff.id, "deadline_red_card", data)])

    await dispatcher.deliver_due(later(1))

    message = await row("s:1")
    assert message.status == OutboxStatus.SENT
    assert message.delivery["task_id"] == f"outbox-{message.id}"
    assert message.delivery["response_code"]
    [delivered] = sim_state.delivered
    assert delivered.recipients == ("wx-handler1",)
    card = delivered.payload["template_card"]
    assert card["card_type"] == "button_interaction" and card["main_title"]["title"].startswith(
        "红牌"
    )


async def test_group_robot_gets_markdown_for_a_department(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    await make_staff_member("handler1", ["handler"])
    department = await Department.get(code="DEPT-A")
    data = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7}
    await enqueue([to_department("d:1", department.id, "deadline_yellow_card", data)])

    await dispatcher.deliver_due(later(1))

    assert (await row("d:1")).status == OutboxStatus.SENT
    [delivered] = sim_state.delivered
    assert delivered.channel == "wecom.robot" and delivered.recipients == (ROBOT_KEY,)
    assert "黄牌预警" in delivered.payload["markdown"]["content"]


async def test_without_consent_nothing_is_sent_to_wechat_and_the_fallback_is_used(
    dispatcher: Dispatcher, sim_state: SimulatorState, sms_state: SmsSimState, make_citizen
) -> None:
    citizen = await make_citizen(phone="13800138000")
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])

    await dispatcher.deliver_due(later(1))

    message = await row("c:1")
    assert message.status == OutboxStatus.NO_CONSENT
    assert sim_state.calls("/cgi-bin/message/subscribe/send") == []
    fallback = await row("c:1:fallback:sms")
    assert fallback.channel == Channel.SMS and fallback.status == OutboxStatus.PENDING
    await dispatcher.deliver_due(later(2))
    fallback = await row("c:1:fallback:sms")
    assert fallback.status == OutboxStatus.SENT and fallback.delivery["state"] == "accepted"
    [text] = sms_state.messages_to("+8613800138000")
    assert text.template_id == "2100001" and text.session_context == f"outbox-{fallback.id}"


@pytest.mark.handmade_outbox
async def test_unknown_template_fails_visibly(dispatcher: Dispatcher, make_citizen) -> None:
    citizen = await make_citizen(consent={CASE_TEMPLATE: 1})
    await enqueue([to_citizen("c:1", citizen.id, "no_such_template", {})])

    await dispatcher.deliver_due(later(1))

    message = await row("c:1")
    assert message.status == OutboxStatus.FAILED
    assert message.last_error_code == "unknown_template"
    assert "no_such_template" in message.last_error_message


@pytest.mark.handmade_outbox
async def test_missing_template_data_fails_with_the_missing_name(
    dispatcher: Dispatcher, make_citizen
) -> None:
    citizen = await make_citizen(consent={CASE_TEMPLATE: 1})
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", {"case_id": 1})])

    await dispatcher.deliver_due(later(1))

    message = await row("c:1")
    assert (
        message.status == OutboxStatus.FAILED and message.last_error_code == "template_data_missing"
    )
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 0
