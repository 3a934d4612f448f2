"""Running the dispatcher: build it from settings, then deliver until stopped.

It sends a batch whenever Redis says rows were committed (or a local job wrote some), and polls
every `poll_seconds` anyway, so a Redis outage costs at most that delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from zoneinfo import ZoneInfo

import aiohttp
import redis.asyncio as aioredis

from core.kv import KeyValueStore
from core.province import ProvinceClient
from core.settings import Settings
from core.sms import TencentSmsClient
from core.wakeup import wakeup_channel
from core.wechat_messages import CustomerServiceClient, SubscribeMessageClient
from core.wechat_tokens import miniprogram_tokens, wecom_tokens
from core.wecom import WeComClient
from notify.channels import Senders
from notify.dispatcher import Dispatcher
from notify.province import ProvinceChannel
from notify.sms import SmsChannel
from notify.sms_receipts import ReceiptPuller, pull_receipts_forever
from notify.sms_replies import ReplyPuller
from notify.templates import load_templates
from workflows.calendar_service import CalendarService

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 2.0


def build_dispatcher(
    settings: Settings, kv: KeyValueStore, http: aiohttp.ClientSession, worker_id: str = ""
) -> Dispatcher:
    notify, margin = settings.notify, settings.notify.token_margin_seconds
    timeout, tz = settings.wechat.timeout_seconds, ZoneInfo(settings.calendar.timezone)
    mp_tokens = miniprogram_tokens(http, kv, settings.wechat, margin)
    corp_tokens = wecom_tokens(http, kv, settings.wecom, timeout, margin)
    senders = Senders(
        subscribe=SubscribeMessageClient(http, settings.wechat, mp_tokens),
        wecom=WeComClient(http, settings.wecom, corp_tokens, timeout),
        settings=notify,
        custom=CustomerServiceClient(http, settings.wechat, mp_tokens),
        sms=SmsChannel(TencentSmsClient(http, settings.sms), settings.sms, kv, tz),
        province=ProvinceChannel(ProvinceClient(http, settings.exchange), settings.exchange),
    )
    return Dispatcher(
        settings=notify,
        templates=load_templates(notify.templates_file, notify.default_max_tries),
        senders=senders,
        kv=kv,
        tz=tz,
        worker_id=worker_id,
    )


async def run_dispatcher(
    dispatcher: Dispatcher, settings: Settings, wake: asyncio.Event, stop: asyncio.Event
) -> None:
    listener = asyncio.create_task(listen_for_wakeups(settings, wake, stop))
    background = [listener]
    sms = dispatcher.senders.sms
    if sms is not None and settings.sms.configured:
        every = settings.sms.receipts_poll_seconds
        replies = ReplyPuller(sms.client, CalendarService(settings.calendar))
        pullers: list[ReceiptPuller | ReplyPuller] = [ReceiptPuller(sms), replies]
        background.append(asyncio.create_task(pull_receipts_forever(pullers, every, stop)))
    try:
        while not stop.is_set():
            wake.clear()
            try:
                claimed = await dispatcher.deliver_due()
            except Exception:
                log.exception("outbox dispatch failed; trying again after the poll interval")
                claimed = 0
            if claimed >= settings.notify.batch_size:
                continue  # more may be due: no waiting
            await _wait_any(wake, stop, settings.notify.poll_seconds)
    finally:
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def listen_for_wakeups(settings: Settings, wake: asyncio.Event, stop: asyncio.Event) -> None:
    if not settings.redis.url:
        return
    channel = wakeup_channel(settings.redis.prefix)
    while not stop.is_set():
        client = aioredis.from_url(settings.redis.url, socket_connect_timeout=2)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                while not stop.is_set():
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is not None:
                        wake.set()
        except (aioredis.RedisError, OSError) as error:
            log.warning("outbox wake-ups unavailable (%s); polling", type(error).__name__)
            await _wait_any(stop, stop, RECONNECT_SECONDS)
        finally:
            await client.aclose()


async def _wait_any(first: asyncio.Event, second: asyncio.Event, seconds: float) -> None:
    waits = [asyncio.create_task(first.wait()), asyncio.create_task(second.wait())]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
