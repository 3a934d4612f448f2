"""The SMS simulator speaks Tencent Cloud SMS API 3.0: our client against it, over HTTP."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from core import tc3
from core.settings import SmsSettings
from core.sms import SmsApiError, SmsUnreachable, TencentSmsClient
from devtools.sms_sim import Fault, SmsSimState, create_sms_app

PHONE = "13800138000"
TEMPLATE = "2100001"


class Clock:
    """The simulator's clock; only advance() moves it, so limits and expiry tests are exact."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def state(clock: Clock) -> SmsSimState:
    state = SmsSimState(clock=clock)
    state.register_template(TEMPLATE, 3)
    state.register_template("900001", 1, kind="code")
    return state


@pytest.fixture
async def base_url(state: SmsSimState) -> AsyncIterator[str]:
    server = TestServer(create_sms_app(state))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def make_client(
    base_url: str, state: SmsSimState, http: aiohttp.ClientSession, clock: Clock
) -> Callable[..., TencentSmsClient]:
    def make(*, skew: float = 0.0, timeout: float = 5.0, **overrides: str) -> TencentSmsClient:
        values = {
            "api_base": base_url,
            "region": "ap-guangzhou",
            "sdk_app_id": state.sdk_app_id,
            "sign_name": state.sign_name,
            "secret_id": state.secret_id,
            "secret_key": state.secret_key,
            "timeout_seconds": timeout,
            "min_interval_seconds": 30,
            "per_number_per_hour": 5,
            "per_number_per_day": 10,
            "receipts_poll_seconds": 30.0,
            **overrides,
        }
        return TencentSmsClient(http, SmsSettings(**values), clock=lambda: clock() + skew)

    return make


async def test_a_signed_send_is_delivered_with_the_real_response_shape(
    make_client: Callable[..., TencentSmsClient], base_url: str, http: aiohttp.ClientSession
) -> None:
    result = await make_client().send(
        PHONE, TEMPLATE, ["2026120100001", "营业执照", "已受理"], "outbox-7"
    )

    assert result.serial_no and result.request_id and result.fee == 1
    async with http.get(base_url + "/__sim/messages") as response:
        [message] = (await response.json())["messages"]
    assert message["phone_number"] == "+8613800138000"
    assert message["template_id"] == TEMPLATE and message["session_context"] == "outbox-7"
    assert message["params"] == ["2026120100001", "营业执照", "已受理"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"secret_key": "not-the-key"}, "AuthFailure.SignatureFailure"),
        ({"secret_id": "AKIDunknown"}, "AuthFailure.SecretIdNotFound"),
        ({"sdk_app_id": "1400999999"}, "UnauthorizedOperation.SmsSdkAppIdVerifyFail"),
        ({"sign_name": "别的签名"}, "FailedOperation.SignatureIncorrectOrUnapproved"),
    ],
)
async def test_a_wrong_key_or_account_is_refused_and_nothing_is_sent(
    make_client: Callable[..., TencentSmsClient],
    state: SmsSimState,
    overrides: dict[str, str],
    code: str,
) -> None:
    with pytest.raises(SmsApiError) as refused:
        await make_client(**overrides).send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == code and refused.value.request_id
    assert state.delivered == []


async def test_a_signature_outside_the_five_minute_window_has_expired(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState
) -> None:
    with pytest.raises(SmsApiError) as refused:
        await make_client(skew=-301).send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "AuthFailure.SignatureExpire"
    await make_client(skew=-290).send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert len(state.delivered) == 1


async def test_a_tampered_body_does_not_match_its_signature(
    base_url: str, state: SmsSimState, http: aiohttp.ClientSession
) -> None:
    timestamp = int(state.clock())
    headers = {
        "Content-Type": tc3.CONTENT_TYPE,
        "Host": base_url.removeprefix("http://"),
        "X-TC-Action": "SendSms",
        "X-TC-Version": "2021-01-11",
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": "ap-guangzhou",
    }
    body = b'{"PhoneNumberSet":["+8613800138000"]}'
    headers["Authorization"] = tc3.authorization(
        state.secret_id, state.secret_key, "sms", timestamp, "POST", headers, body
    )
    async with http.post(base_url + "/", data=body + b" ", headers=headers) as response:
        answer = await response.json()
    assert answer["Response"]["Error"]["Code"] == "AuthFailure.SignatureFailure"
    assert answer["Response"]["RequestId"]
    assert state.delivered == []


@pytest.mark.parametrize(
    ("template", "params", "code"),
    [
        ("2199999", ["1", "2", "3"], "FailedOperation.TemplateIncorrectOrUnapproved"),
        (TEMPLATE, ["1", "2"], "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"),
        (TEMPLATE, ["1", "2", "x" * 21], "InvalidParameterValue.TemplateParameterLengthLimit"),
        (
            TEMPLATE,
            ["1", "2", "https://a.cn"],
            "InvalidParameterValue.TemplateParameterFormatError",
        ),
        ("900001", ["12a456"], "InvalidParameterValue.TemplateParameterFormatError"),
    ],
)
async def test_templates_and_their_parameters_are_checked_as_approved(
    make_client: Callable[..., TencentSmsClient],
    state: SmsSimState,
    template: str,
    params: list[str],
    code: str,
) -> None:
    with pytest.raises(SmsApiError) as refused:
        await make_client().send(PHONE, template, params, "")
    assert refused.value.code == code
    assert state.delivered == []


async def test_per_number_frequency_limits_answer_in_the_send_status(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState, clock: Clock
) -> None:
    client = make_client()
    await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    with pytest.raises(SmsApiError) as refused:
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "LimitExceeded.PhoneNumberThirtySecondLimit"
    await client.send("13900139000", TEMPLATE, ["1", "2", "3"], "")  # another number is free
    for _ in range(4):
        clock.advance(31)
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    clock.advance(31)
    with pytest.raises(SmsApiError) as refused:
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "LimitExceeded.PhoneNumberOneHourLimit"
    state.per_hour = 100
    for _ in range(5):
        clock.advance(31)
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    clock.advance(31)
    with pytest.raises(SmsApiError) as refused:
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "LimitExceeded.PhoneNumberDailyLimit"
    assert len(state.messages_to("+8613800138000")) == 10


async def test_blacklisted_and_malformed_numbers_fail_per_number(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState
) -> None:
    state.blacklist.add("+8613800138000")
    with pytest.raises(SmsApiError) as refused:
        await make_client().send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "FailedOperation.PhoneNumberInBlacklist"
    with pytest.raises(SmsApiError) as refused:
        await make_client().send("1380013", TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "InvalidParameterValue.IncorrectPhoneNumber"


async def test_receipts_are_pulled_once_and_stay_queryable_by_number(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState, clock: Clock
) -> None:
    client = make_client()
    state.unreachable.add("+8613900139000")
    sent = await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "outbox-1")
    await client.send("13900139000", TEMPLATE, ["1", "2", "3"], "outbox-2")

    receipts = {r.session_context: r for r in await client.pull_status()}
    assert receipts["outbox-1"].delivered and receipts["outbox-1"].serial_no == sent.serial_no
    assert receipts["outbox-1"].description == "DELIVRD"
    assert not receipts["outbox-2"].delivered and receipts["outbox-2"].report_status == "FAIL"
    assert await client.pull_status() == []  # handed out once
    now = int(clock())
    [again] = await client.status_of_number(PHONE, now - 60, now + 60)
    assert again.session_context == "outbox-1"
    assert await client.status_of_number(PHONE, now + 60, now + 120) == []


async def test_injected_faults_answer_errors_http_failures_and_slowness(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState, base_url: str, http
) -> None:
    async with http.post(
        base_url + "/__sim/faults",
        json={"action": "SendSms", "code": "InternalError.Timeout", "times": 1},
    ) as response:
        assert response.status == 200
    client = make_client(timeout=0.3)
    with pytest.raises(SmsApiError) as refused:
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    assert refused.value.code == "InternalError.Timeout" and state.delivered == []

    state.inject_fault("SendSms", Fault(http_status=502))
    with pytest.raises(SmsUnreachable):
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")

    # Slow after delivering: the caller times out though the text went out.
    state.inject_fault("SendSms", Fault(delay=1.0, deliver_first=True))
    with pytest.raises(SmsUnreachable):
        await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "outbox-9")
    assert [d.session_context for d in state.delivered] == ["outbox-9"]


async def test_control_api_approves_templates_and_flags_numbers(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState, base_url: str, http
) -> None:
    async with http.post(base_url + "/__sim/templates", json={"template_id": "77", "params": 0}):
        pass
    async with http.post(
        base_url + "/__sim/numbers", json={"phone": "+8613800138000", "blacklisted": True}
    ):
        pass
    assert "77" in state.templates and "+8613800138000" in state.blacklist
    async with http.post(base_url + "/__sim/faults", json={"action": "SendSms"}) as response:
        assert response.status == 400


def test_a_number_in_a_provider_message_is_masked() -> None:
    error = SmsApiError("InvalidParameterValue.IncorrectPhoneNumber", "bad +8613800138000", "r")
    assert error.message == "bad +86*******8000" and "13800138000" not in str(error)


async def test_replies_to_a_texted_number_are_pulled_once(
    make_client: Callable[..., TencentSmsClient], state: SmsSimState, base_url: str, http
) -> None:
    client = make_client()
    async with http.post(
        base_url + "/__sim/replies", json={"phone": "+8613800138000", "content": "1"}
    ) as response:
        assert response.status == 400  # never texted: nobody can answer
    await client.send(PHONE, TEMPLATE, ["1", "2", "3"], "")
    state.reply("+8613800138000", "3")

    [reply] = await client.pull_replies()
    assert (reply.phone_number, reply.content) == ("+8613800138000", "3")
    assert reply.reply_unix_time > 0
    assert await client.pull_replies() == []
