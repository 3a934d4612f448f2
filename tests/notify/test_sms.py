"""SMS through the outbox to the Tencent Cloud SMS simulator over HTTP."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import KV, SESSIONS, SETTINGS
from devtools.sms_sim import Fault, SmsSimState
from models.audit import AuditRecord
from models.cases import CaseContactConsent, ConsentScope
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from models.people import Department, StaffAccount
from notify.dispatcher import Dispatcher
from notify.service import build_dispatcher, run_dispatcher
from notify.sms_receipts import ReceiptPuller
from tests.notify.conftest import case_data, later, row
from workflows.outbox import by_sms, enqueue

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE, E164 = "13812345678", "+8613812345678"


async def text_citizen(make_citizen, key: str = "s:1", phone: str = PHONE, **data: Any) -> None:
    citizen = await make_citizen(openid=f"o-{key}", phone=phone)
    notice = by_sms(
        key, RecipientType.CITIZEN, citizen.id, "case_status_changed", case_data(**data)
    )
    await enqueue([notice])


# --- walk-in applicants -------------------------------------------------------------------


async def staff(app: web.Application, username: str, role: str) -> dict[str, str]:
    department, _ = await Department.get_or_create(
        code="DEPT-A", defaults={"name": "部门 DEPT-A", "region": "测试县"}
    )
    account = await StaffAccount.create(
        username=username, name=username, department=department, roles=[role], password_hash="-"
    )
    token, _ = await app[SESSIONS].issue("staff", account.id)
    return {"Authorization": f"Bearer {token}"}


async def walk_in(client: TestClient, clerk: dict[str, str], **extra: Any) -> Any:
    department = await Department.get(code="DEPT-A")
    await ServiceItem.get_or_create(
        code="ITEM-W",
        defaults={
            "name": "特种设备使用登记",
            "item_type": ItemType.LICENSING,
            "department": department,
            "online_depth": OnlineDepth.WINDOW_ONLY,
            "offline_reason": "需现场核验",
            "legal_limit_days": 20,
            "promised_limit_days": 5,
            "materials": [{"name": "申请书", "format": "纸质", "copies": 1}],
            "status": ItemStatus.PUBLISHED,
        },
    )
    body = {"item_code": "ITEM-W", "applicant_name": "李四", "applicant_phone": PHONE, **extra}
    return await client.post("/api/staff/cases", json=body, headers=clerk)


async def test_a_walk_in_applicant_who_agreed_is_told_of_acceptance_by_sms(
    client: TestClient,
    app: web.Application,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    sms_state.per_thirty_seconds = 10  # the account's limit; ours (30 s) still applies
    clerk, handler = await staff(app, "clerk", "clerk"), await staff(app, "handler", "handler")
    response = await walk_in(client, clerk, sms_consent=True)
    assert response.status == 201, await response.text()
    case = (await response.json())["case"]

    consent = await CaseContactConsent.get(case_id=case["id"])
    assert consent.scope == ConsentScope.CASE_NOTICES and consent.phone == PHONE
    assert consent.given_at is not None and consent.recorded_by_id is not None  # type: ignore[attr-defined]
    assert await AuditRecord.filter(action="case.sms_consent", object_id=str(case["id"])).exists()

    await dispatcher.deliver_due(later(1))
    accepted = await client.post(
        f"/api/staff/cases/{case['id']}/transitions", json={"action": "accept"}, headers=handler
    )
    assert accepted.status == 200, await accepted.text()
    await dispatcher.deliver_due(later(2))  # within our 30 s per number: held
    assert len(sms_state.messages_to(E164)) == 1
    await dispatcher.deliver_due(later(40))

    texts = sms_state.messages_to(E164)
    assert [t.template_id for t in texts] == ["2100001", "2100001"]
    assert texts[0].params == (case["case_no"], "特种设备使用登记", "已提交")
    assert texts[1].params == (case["case_no"], "特种设备使用登记", "已受理")
    rows = await OutboxMessage.filter(subject_type="case", subject_id=case["id"])
    assert {(r.channel, r.recipient_type, r.status) for r in rows} == {
        (Channel.SMS, RecipientType.CASE_APPLICANT, OutboxStatus.SENT)
    }
    assert all(PHONE not in str(r.data) for r in rows)  # the number stays with the consent
    assert "accepted for 138****5678" in caplog.text and PHONE not in caplog.text


async def test_without_consent_a_walk_in_applicant_gets_no_text(
    client: TestClient, app: web.Application, dispatcher: Dispatcher, sms_state: SmsSimState
) -> None:
    clerk = await staff(app, "clerk", "clerk")
    response = await walk_in(client, clerk)
    assert response.status == 201
    case = (await response.json())["case"]
    assert not await CaseContactConsent.filter(case_id=case["id"]).exists()
    assert not await OutboxMessage.filter(subject_type="case", subject_id=case["id"]).exists()

    landline = await walk_in(client, clerk, applicant_phone="01012345678", sms_consent=True)
    assert landline.status == 422
    problem = await landline.json()
    assert problem["code"] and "sms_consent" in problem["message"] + str(problem["fields"])


async def test_withdrawn_consent_stops_the_texts(
    client: TestClient, app: web.Application, dispatcher: Dispatcher, sms_state: SmsSimState
) -> None:
    clerk = await staff(app, "clerk", "clerk")
    case = (await (await walk_in(client, clerk, sms_consent=True)).json())["case"]
    await CaseContactConsent.filter(case_id=case["id"]).update(withdrawn_at=datetime.now(UTC))

    await dispatcher.deliver_due(later(1))

    [notice] = await OutboxMessage.filter(subject_type="case", subject_id=case["id"])
    assert notice.status == OutboxStatus.FAILED and notice.last_error_code == "no_address"
    assert sms_state.delivered == []


# --- the provider's answers ---------------------------------------------------------------


async def test_a_retryable_provider_error_is_tried_again_and_then_sent(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen)
    sms_state.inject_fault("SendSms", Fault(code="InternalError.Timeout"))

    await dispatcher.deliver_due(later(1))
    message = await row("s:1")
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.last_error_code == "InternalError.Timeout"
    assert sms_state.delivered == []

    await dispatcher.deliver_due(later(3600))
    message = await row("s:1")
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert message.delivery["serial_no"] == sms_state.delivered[0].serial_no


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda s: s.blacklist.add(E164), "FailedOperation.PhoneNumberInBlacklist"),
        (
            lambda s: s.inject_fault(
                "SendSms", Fault(code="InvalidParameterValue.TemplateParameterFormatError")
            ),
            "InvalidParameterValue.TemplateParameterFormatError",
        ),
        (lambda s: s.templates.clear(), "FailedOperation.TemplateIncorrectOrUnapproved"),
    ],
)
async def test_a_permanent_provider_error_fails_the_row_at_once_with_the_code(
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    make_citizen,
    setup,
    code: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    await text_citizen(make_citizen)
    setup(sms_state)

    await dispatcher.deliver_due(later(1))

    message = await row("s:1")
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert message.last_error_code == code[:32] and message.last_error_message.startswith(code)
    assert sms_state.delivered == []
    assert "failed for good" in caplog.text and PHONE not in caplog.text


async def test_a_wrong_secret_key_is_refused_by_the_provider(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    wrong = settings.model_copy(
        update={"sms": settings.sms.model_copy(update={"secret_key": "a-wrong-key"})}
    )
    dispatcher = build_dispatcher(wrong, app[KV], http, worker_id="worker-w")
    await text_citizen(make_citizen)

    await dispatcher.deliver_due(later(1))

    message = await row("s:1")
    assert message.status == OutboxStatus.FAILED
    assert message.last_error_code == "AuthFailure.SignatureFailure"
    assert sms_state.delivered == []


async def test_without_keys_sms_rows_fail_visibly_as_not_configured(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    bare = settings.model_copy(update={"sms": settings.sms.model_copy(update={"secret_key": ""})})
    dispatcher = build_dispatcher(bare, app[KV], http, worker_id="worker-n")
    await text_citizen(make_citizen)

    await dispatcher.deliver_due(later(1))

    message = await row("s:1")
    assert (message.status, message.last_error_code) == (OutboxStatus.FAILED, "sms_not_configured")
    assert sms_state.calls == []


# --- limits, quiet hours ------------------------------------------------------------------


async def test_our_per_number_limit_holds_a_second_text_without_asking_the_provider(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen, "s:1")
    await text_citizen(make_citizen, "s:2", phone="+86" + PHONE)  # the same number, written apart
    now = later(1)

    await dispatcher.deliver_due(now)

    statuses = sorted([(await row("s:1")).status, (await row("s:2")).status])
    assert statuses == [OutboxStatus.PENDING, OutboxStatus.SENT]
    held = next(m for m in await OutboxMessage.all() if m.status == OutboxStatus.PENDING)
    assert held.attempts == 0
    assert now + timedelta(seconds=25) < held.next_attempt_at <= now + timedelta(seconds=31)
    assert sms_state.calls == ["SendSms"]


async def test_the_providers_daily_limit_holds_the_text_until_tomorrow(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen)
    sms_state.inject_fault("SendSms", Fault(code="LimitExceeded.PhoneNumberDailyLimit"))
    now = later(1)

    await dispatcher.deliver_due(now)
    message = await row("s:1")
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    await dispatcher.deliver_due(later(3600))

    message = await row("s:1")
    tomorrow = now.astimezone(SHANGHAI).date() + timedelta(days=1)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at == datetime.combine(tomorrow, datetime.min.time(), SHANGHAI)
    assert sms_state.calls == ["SendSms"] and sms_state.delivered == []


@pytest.fixture
def quiet_overrides(settings_overrides: dict[str, str]) -> dict[str, str]:
    return settings_overrides


async def test_quiet_hours_hold_a_text_until_the_morning(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    from datetime import time

    quiet = settings.model_copy(
        update={
            "notify": settings.notify.model_copy(
                update={"quiet_start": time(22, 0), "quiet_end": time(8, 0)}
            )
        }
    )
    dispatcher = build_dispatcher(quiet, app[KV], http, worker_id="worker-q")
    await text_citizen(make_citizen)
    tomorrow = datetime.now(SHANGHAI).date() + timedelta(days=1)
    night = datetime.combine(tomorrow, datetime.min.time(), SHANGHAI).replace(hour=23)

    await dispatcher.deliver_due(night)

    message = await row("s:1")
    assert message.status == OutboxStatus.PENDING and message.attempts == 0
    assert message.next_attempt_at == night.replace(hour=8) + timedelta(days=1)
    assert sms_state.calls == []


# --- receipts -----------------------------------------------------------------------------


async def test_receipts_record_delivered_and_undelivered_on_the_rows(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen, "s:1")
    await text_citizen(make_citizen, "s:2", phone="13900139000")
    sms_state.unreachable.add("+8613900139000")
    await dispatcher.deliver_due(later(1))
    assert dispatcher.senders.sms is not None

    assert await ReceiptPuller(dispatcher.senders.sms).run_once() == 2

    delivered, undelivered = await row("s:1"), await row("s:2")
    assert delivered.delivery["state"] == "delivered"
    assert delivered.delivery["receipt"]["description"] == "DELIVRD"
    assert undelivered.delivery["state"] == "undelivered"
    assert undelivered.delivery["receipt"]["status"] == "FAIL"
    assert undelivered.status == OutboxStatus.SENT  # accepted by the provider; not retried


async def test_a_receipt_that_beats_its_row_is_applied_on_the_next_round(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen)
    await dispatcher.deliver_due(later(1))
    message = await row("s:1")
    await OutboxMessage.filter(id=message.id).update(status=OutboxStatus.SENDING)
    assert dispatcher.senders.sms is not None
    puller = ReceiptPuller(dispatcher.senders.sms)

    assert await puller.run_once() == 0
    await OutboxMessage.filter(id=message.id).update(status=OutboxStatus.SENT)
    assert await puller.run_once() == 1

    assert (await row("s:1")).delivery["state"] == "delivered"


# --- no double sends ----------------------------------------------------------------------


async def test_a_timeout_after_the_provider_accepted_does_not_text_twice(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    impatient = settings.model_copy(
        update={"sms": settings.sms.model_copy(update={"timeout_seconds": 0.3})}
    )
    dispatcher = build_dispatcher(impatient, app[KV], http, worker_id="worker-t")
    await text_citizen(make_citizen)
    sms_state.inject_fault("SendSms", Fault(delay=1.0, deliver_first=True))

    await dispatcher.deliver_due(later(1))
    message = await row("s:1")
    assert message.status == OutboxStatus.PENDING and message.last_error_code == "unreachable"
    await dispatcher.deliver_due(later(3600))

    message = await row("s:1")
    assert message.status == OutboxStatus.SENT and message.delivery["duplicate_of_earlier_try"]
    assert len(sms_state.delivered) == 1
    assert message.delivery["serial_no"] == sms_state.delivered[0].serial_no


async def test_a_dispatcher_that_died_mid_send_is_not_repeated_by_the_next_one(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    await text_citizen(make_citizen)
    sms_state.inject_fault("SendSms", Fault(delay=5.0, deliver_first=True))
    first = build_dispatcher(settings, app[KV], http, worker_id="worker-1")
    dying = asyncio.create_task(first.deliver_due(later(1)))
    for _ in range(250):  # until the provider has delivered (at most 5 s)
        if sms_state.delivered:
            break
        await asyncio.sleep(0.02)
    dying.cancel()  # the worker is killed while the provider is still answering
    with pytest.raises(asyncio.CancelledError):
        await dying
    assert (await row("s:1")).status == OutboxStatus.SENDING

    second = build_dispatcher(settings, app[KV], http, worker_id="worker-2")
    assert await second.deliver_due(later(settings.notify.lease_seconds + 5)) == 1

    message = await row("s:1")
    assert message.status == OutboxStatus.SENT and message.delivery["duplicate_of_earlier_try"]
    assert len(sms_state.delivered) == 1


async def test_a_second_enqueue_of_the_same_text_sends_one(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    citizen = await make_citizen(phone=PHONE)
    notice = by_sms("s:1", RecipientType.CITIZEN, citizen.id, "case_status_changed", case_data())
    await enqueue([notice])
    await enqueue([notice])

    await dispatcher.deliver_due(later(1))
    await dispatcher.deliver_due(later(3600))

    assert await OutboxMessage.filter(dedupe_key="s:1").count() == 1
    assert len(sms_state.delivered) == 1


async def test_a_text_that_keeps_meeting_provider_trouble_ends_dead_after_its_tries(
    dispatcher: Dispatcher, sms_state: SmsSimState, make_citizen
) -> None:
    await text_citizen(make_citizen)
    sms_state.inject_fault("SendSms", Fault(code="InternalError.RequestTimeException", times=99))

    for hours in range(1, 8):
        await dispatcher.deliver_due(later(3600 * hours))

    message = await row("s:1")
    assert message.status == OutboxStatus.DEAD and message.attempts == 6
    assert message.last_error_code == "InternalError.RequestTimeException"[:32]
    assert message.last_error_message.startswith("InternalError.RequestTimeException")
    assert sms_state.delivered == []


async def test_the_running_notifier_pulls_receipts_onto_the_rows(
    client: TestClient, app: web.Application, http, known_templates, sms_state, make_citizen
) -> None:
    settings = app[SETTINGS]
    quick = settings.model_copy(
        update={"sms": settings.sms.model_copy(update={"receipts_poll_seconds": 0.05})}
    )
    await text_citizen(make_citizen)
    dispatcher = build_dispatcher(quick, app[KV], http, worker_id="worker-r")
    wake, stop = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(run_dispatcher(dispatcher, quick, wake, stop))
    try:
        for _ in range(200):  # at most 10 s
            message = await row("s:1")
            if (message.delivery or {}).get("state") == "delivered":
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await running

    assert message.status == OutboxStatus.SENT and message.delivery["state"] == "delivered"
    assert "PullSmsSendStatus" in sms_state.calls and "PullSmsReplyStatus" in sms_state.calls
