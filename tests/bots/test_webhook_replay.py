"""A captured callback cannot be replayed or repurposed: safe mode only when configured, a
timestamp window, and a signed (timestamp, nonce) that carries one body only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from core.config import ConfigError, load_settings
from models.tickets import Ticket
from tests.bots.conftest import PLAIN_ONLY, next_msg_id
from tests.bots.support import WeChatServer, text_xml

HANDOFF = "人工 我的证照丢了怎么办"
Drain = Callable[[], Awaitable[None]]


async def test_plain_message_is_refused_when_safe_mode_is_configured(
    wechat: WeChatServer, login_citizen, drain: Drain, caplog: pytest.LogCaptureFixture
) -> None:
    # The URL signature covers only timestamp and nonce: in plain mode anyone holding one signed
    # URL could write as any citizen. With an EncodingAESKey set, only safe mode is accepted.
    await login_citizen("o-alice")
    caplog.set_level("INFO")
    answer = await wechat.mp_plain(text_xml("o-alice", HANDOFF, next_msg_id()))
    await drain()
    assert answer.status == 403 and answer.reply is None
    assert await Ticket.all().count() == 0
    assert "safe mode is required" in caplog.text
    assert "o-alice" not in caplog.text and "证照" not in caplog.text


@pytest.mark.parametrize("age", [301, -301, 3600 + 1])  # past, future, after the dedupe key went
async def test_message_signed_outside_the_window_is_refused(
    wechat: WeChatServer, login_citizen, drain: Drain, age: int
) -> None:
    await login_citizen("o-alice")
    citizen = await wechat.mp_encrypted(text_xml("o-alice", HANDOFF, next_msg_id()), age=age)
    staff = await wechat.wecom(text_xml("wx-h1", "待办", next_msg_id()), age=age)
    await drain()
    assert (citizen.status, citizen.body) == (403, "stale timestamp")
    assert (staff.status, staff.body) == (403, "stale timestamp")
    assert await Ticket.all().count() == 0


async def test_message_signed_within_the_window_is_accepted(
    wechat: WeChatServer, login_citizen
) -> None:
    await login_citizen("o-alice")
    answer = await wechat.mp_encrypted(text_xml("o-alice", HANDOFF, next_msg_id()), age=250)
    assert answer.status == 200 and "咨询单号" in answer.text
    assert await Ticket.all().count() == 1
    assert (await wechat.wecom(text_xml("wx-h1", "待办", next_msg_id()), age=-250)).status == 200


@pytest.mark.parametrize("settings_overrides", [PLAIN_ONLY])
async def test_signed_url_cannot_carry_another_body(
    wechat: WeChatServer, login_citizen, drain: Drain
) -> None:
    await login_citizen("o-alice")
    await login_citizen("o-bob")
    captured = wechat.mp_query()
    first = await wechat.mp_post(captured, text_xml("o-alice", "帮助", next_msg_id()))
    assert first.status == 200
    forged = await wechat.mp_post(captured, text_xml("o-bob", HANDOFF, next_msg_id()))
    await drain()
    assert (forged.status, forged.body) == (403, "replayed nonce")
    assert await Ticket.all().count() == 0


async def test_the_same_signed_request_twice_is_acted_on_once(
    wechat: WeChatServer, login_citizen
) -> None:
    # Within the window a byte-identical resend (WeChat's own, or a replay) gets the stored
    # answer and does nothing again, on both webhooks.
    await login_citizen("o-alice")
    query, envelope = wechat.mp_sealed(text_xml("o-alice", HANDOFF, next_msg_id()))
    first = await wechat.mp_post(query, envelope)
    again = await wechat.mp_post(query, envelope)
    assert first.status == again.status == 200
    assert first.text == again.text and "咨询单号" in first.text
    assert await Ticket.all().count() == 1
    query, envelope = wechat.wecom_sealed(text_xml("wx-h1", "帮助", next_msg_id()))
    staff_first = await wechat.wecom_post(query, envelope)
    staff_again = await wechat.wecom_post(query, envelope)
    assert staff_first.status == staff_again.status == 200
    assert staff_first.text == staff_again.text


def test_dedupe_must_outlive_the_timestamp_window() -> None:
    with pytest.raises(ConfigError, match="dedupe_ttl_seconds"):
        load_settings(
            environ={
                "MINIAPP_WECHAT_WEBHOOK_MAX_SKEW_SECONDS": "300",
                "MINIAPP_BOTS_DEDUPE_TTL_SECONDS": "599",
            }
        )
    settings = load_settings(environ={"MINIAPP_BOTS_DEDUPE_TTL_SECONDS": "600"})
    assert settings.wechat.webhook_max_skew_seconds == 300
