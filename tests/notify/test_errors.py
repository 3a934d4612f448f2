"""WeChat's answers decide what happens next: retry later, fail for good, or refresh the token."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from core.appkeys import KV
from core.wechat_tokens import token_key
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxStatus
from models.subscriptions import SubscriptionQuota
from notify.dispatcher import Dispatcher
from tests.notify.conftest import case_data, later, row
from workflows.outbox import enqueue, to_citizen, to_staff

CASE_TEMPLATE = "TPL-CASE-STATUS"
SUBSCRIBE = "/cgi-bin/message/subscribe/send"
CARD = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 7}


async def _one_citizen_message(make_citizen, consent: int = 1) -> int:
    citizen = await make_citizen(consent={CASE_TEMPLATE: consent})
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])
    return citizen.id


async def test_busy_wechat_is_retried_later_and_then_delivered(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen_id = await _one_citizen_message(make_citizen)
    sim_state.inject_fault(SUBSCRIBE, errcode=-1)

    await dispatcher.deliver_due(later(1))
    message = await row("c:1")
    assert message.status == OutboxStatus.PENDING and message.last_error_code == "-1"
    assert message.next_attempt_at > later(1)
    # The quota was not used by a message WeChat did not take.
    assert (await SubscriptionQuota.get(citizen_id=citizen_id)).remaining == 1

    assert await dispatcher.deliver_due(later(2)) == 0  # not due yet
    await dispatcher.deliver_due(later(3600))
    message = await row("c:1")
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert len(sim_state.delivered) == 1


async def test_gateway_errors_and_rate_limits_are_retried(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    await _one_citizen_message(make_citizen)
    sim_state.inject_fault(SUBSCRIBE, http_status=502)
    sim_state.inject_fault(SUBSCRIBE, errcode=45009)

    await dispatcher.deliver_due(later(1))
    assert (await row("c:1")).last_error_code == "unreachable"
    await dispatcher.deliver_due(later(3600))
    assert (await row("c:1")).last_error_code == "45009"
    await dispatcher.deliver_due(later(7200))
    assert (await row("c:1")).status == OutboxStatus.SENT


async def test_refused_subscription_fails_for_good_with_wechats_code(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen()
    # Our count says yes, WeChat says the user has no quota left (e.g. consumed elsewhere).
    await citizen.subscription_quotas.create(template_id=CASE_TEMPLATE, remaining=2)
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])

    await dispatcher.deliver_due(later(1))

    message = await row("c:1")
    assert message.status == OutboxStatus.FAILED and message.last_error_code == "43101"
    assert message.last_error_message.startswith("user refuse to accept the msg")
    assert (await SubscriptionQuota.get(citizen_id=citizen.id)).remaining == 0
    await dispatcher.deliver_due(later(7200))
    assert len(sim_state.calls(SUBSCRIBE)) == 1  # never retried


async def test_bad_openid_and_bad_data_are_permanent(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    await _one_citizen_message(make_citizen)
    sim_state.inject_fault(SUBSCRIBE, errcode=47003)

    await dispatcher.deliver_due(later(1))

    message = await row("c:1")
    assert message.status == OutboxStatus.FAILED and message.last_error_code == "47003"
    assert message.attempts == 1


async def test_expired_token_mid_run_is_refreshed_once_and_the_message_sent(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen(consent={CASE_TEMPLATE: 2})
    await enqueue([to_citizen("c:1", citizen.id, "case_status_changed", case_data())])
    await dispatcher.deliver_due(later(1))
    sim_state.expire_all_tokens()
    await enqueue([to_citizen("c:2", citizen.id, "case_status_changed", case_data())])

    await dispatcher.deliver_due(later(2))

    assert (await row("c:2")).status == OutboxStatus.SENT
    assert len(sim_state.calls("/cgi-bin/stable_token")) == 2
    codes = [r for r in sim_state.calls(SUBSCRIBE)]
    assert len(codes) == 3  # sent, refused as expired, sent again


async def test_unknown_wecom_token_is_replaced(
    client: TestClient, dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    staff = await make_staff_member("handler1", ["handler"])
    corp = f"{sim_state.corpid}:{sim_state.agentid}"
    await client.app[KV].set(token_key("wecom", corp), "not-a-token", ttl=600)
    await enqueue([to_staff("s:1", staff.id, "urging_notice", {**CARD, "message": "请加快"})])

    await dispatcher.deliver_due(later(1))

    assert (await row("s:1")).status == OutboxStatus.SENT
    assert len(sim_state.calls("/cgi-bin/gettoken")) == 1


async def test_a_message_out_of_tries_is_dead_and_an_admin_can_send_it_again(
    client: TestClient,
    dispatcher: Dispatcher,
    sim_state: SimulatorState,
    make_citizen,
    make_staff,
) -> None:
    await _one_citizen_message(make_citizen)
    # booking_reminder_evening allows 3 tries; case_status_changed the default 6.
    sim_state.inject_fault(SUBSCRIBE, errcode=-1, times=6)
    for hour in range(1, 7):
        await dispatcher.deliver_due(later(hour * 3600 * 2))
    message = await row("c:1")
    assert message.status == OutboxStatus.DEAD and message.attempts == 6

    admin = await make_staff("admin1", ["admin"])
    listed = await client.get("/api/admin/outbox", params={"status": "dead"}, headers=admin)
    assert listed.status == 200
    page = await listed.json()
    assert [item["id"] for item in page["items"]] == [message.id]
    assert page["items"][0]["last_error_code"] == "-1"

    resent = await client.post(f"/api/admin/outbox/{message.id}/resend", headers=admin)
    assert resent.status == 200 and (await resent.json())["status"] == "pending"
    await dispatcher.deliver_due(later(1))
    assert (await row("c:1")).status == OutboxStatus.SENT

    again = await client.post(f"/api/admin/outbox/{message.id}/resend", headers=admin)
    assert again.status == 409 and (await again.json())["code"] == "outbox_not_resendable"


async def test_only_admins_resend_and_supervisors_may_look(
    client: TestClient, make_staff, make_citizen
) -> None:
    await _one_citizen_message(make_citizen)
    supervisor = await make_staff("sup1", ["supervisor"])
    handler = await make_staff("h1", ["handler"])
    assert (await client.get("/api/admin/outbox", headers=supervisor)).status == 200
    assert (await client.get("/api/admin/outbox", headers=handler)).status == 403
    message = await row("c:1")
    refused = await client.post(f"/api/admin/outbox/{message.id}/resend", headers=supervisor)
    assert refused.status == 403
    bad = await client.get("/api/admin/outbox", params={"status": "lost"}, headers=supervisor)
    assert bad.status == 422
