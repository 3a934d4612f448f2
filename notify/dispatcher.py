"""The outbox dispatcher: claim due rows, check, render and send each, record the outcome.

Each row ends `sent`, `failed` (WeChat's permanent error kept, or undeliverable: no robot or
address for the recipient, data the template cannot use), `dead` (out of tries),
`no_consent` (with the template's fallback enqueued), `cancelled` (no longer warranted), or
back to `pending` for a later try (retryable error, quiet hours, our own rate limit).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.errors import Unavailable
from core.kv import KeyValueStore
from core.settings import NotifySettings
from core.wechat_api import WeChatApiError
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from notify import outcomes
from notify.channels import Senders
from notify.checks import still_warranted
from notify.claim import Sent, claim_due, release, release_sent
from notify.quiet import quiet_until
from notify.render import render
from notify.templates import Template, TemplateBook, TemplateError, fallback_channel
from workflows import clock, subscriptions
from workflows.outbox import Notice, enqueue

log = logging.getLogger(__name__)
CITIZEN_CHANNELS = frozenset({Channel.SUBSCRIBE_MESSAGE, Channel.SMS})


@dataclass
class Dispatcher:
    settings: NotifySettings
    templates: TemplateBook
    senders: Senders
    kv: KeyValueStore
    tz: ZoneInfo
    worker_id: str = ""

    def __post_init__(self) -> None:
        self.worker_id = self.worker_id or secrets.token_hex(8)

    async def deliver_due(self, now: datetime | None = None) -> int:
        """Claim one batch and process it; returns how many rows were claimed."""
        now = now or clock.utc_now()
        batch = await claim_due(
            self.worker_id, now, self.settings.batch_size, self.settings.lease_seconds
        )
        if not batch:
            return 0
        addresses = await self.senders.addresses(batch)
        sent: list[Sent] = []
        limit = asyncio.Semaphore(self.settings.concurrency)

        async def one(message: OutboxMessage) -> None:
            async with limit:
                try:
                    await self.process(message, now, addresses, sent)
                except Exception:
                    # The lease will expire and the row be tried again; never lose it.
                    log.exception("outbox message %s could not be processed", message.id)

        try:
            await asyncio.gather(*(one(message) for message in batch))
        finally:
            # One statement for the batch's successes; should it fail, the rows stay `sending`
            # until the lease ends and WeCom's task_id check stops a second card.
            await release_sent(self.worker_id, sent, now)
        return len(batch)

    async def process(
        self,
        message: OutboxMessage,
        now: datetime,
        addresses: dict[int, str | TemplateError] | None = None,
        sent: list[Sent] | None = None,
    ) -> OutboxStatus:
        """Decide and do what one claimed row needs. With `addresses` (resolved for its batch)
        and `sent` (collecting successes), the caller records the `sent` outcome in bulk."""
        try:
            template = self.templates.get(message.template)
        except TemplateError as error:
            return await self._fail(message, error.code, error.message)
        if not await still_warranted(message):
            return await self._finish(
                message, OutboxStatus.CANCELLED, "stale", "no longer warranted"
            )
        # Undeliverable (no robot, no address, bad data) is decided before quiet hours and the
        # rate limit: such a row ends at once and takes no share of a channel's budget.
        try:
            if addresses is None:
                address = await self.senders.address(message)
            elif isinstance(found := addresses[message.id], TemplateError):
                raise found
            else:
                address = found
            payload = render(
                template,
                message.channel,
                message.data,
                self.tz,
                f"outbox-{message.id}",
                self.settings.console_base_url,
            )
        except TemplateError as error:
            return await self._fail(message, error.code, error.message)
        later = (
            self._held_back(message, template, now)
            or await self._over_rate(message, now)
            or await self.senders.hold_until(message, address, now)
        )
        if later is not None:
            await release(
                message, self.worker_id, status=OutboxStatus.PENDING, next_attempt_at=later
            )
            return OutboxStatus.PENDING
        quota_id = await self._take_consent(message, template, payload)
        if quota_id is False:
            return await self._no_consent(message, template)
        message.attempts += 1
        try:
            delivery = await self.senders.send(message, address, payload, now)
        except Exception as error:
            if not outcomes.is_retryable(error) and not outcomes.is_provider_answer(error):
                raise
            if not outcomes.already_delivered(error):
                return await self._after_error(message, template, error, quota_id, now)
            log.info("outbox message %s was delivered by an earlier try", message.id)
            delivery = {"duplicate_of_earlier_try": True}
        if sent is not None:
            sent.append(Sent(message.id, message.attempts, delivery))
            return OutboxStatus.SENT
        await release(
            message,
            self.worker_id,
            status=OutboxStatus.SENT,
            sent_at=now,
            attempts=message.attempts,
            delivery=delivery,
            last_error_code="",
            last_error_message="",
        )
        return OutboxStatus.SENT

    def _held_back(
        self, message: OutboxMessage, template: Template, now: datetime
    ) -> datetime | None:
        if not template.quiet_hours or message.channel not in CITIZEN_CHANNELS:
            return None
        return quiet_until(now, self.settings.quiet_start, self.settings.quiet_end, self.tz)

    async def _over_rate(self, message: OutboxMessage, now: datetime) -> datetime | None:
        limits = {
            Channel.SUBSCRIBE_MESSAGE: self.settings.subscribe_per_minute,
            Channel.WECOM_APP: self.settings.wecom_app_per_minute,
            Channel.WECOM_ROBOT: self.settings.robot_per_minute,
        }
        limit = limits.get(message.channel, 0)
        if not limit:
            return None
        subject = str(message.recipient_id) if message.channel == Channel.WECOM_ROBOT else "all"
        try:
            count, resets_in = await self.kv.hit(f"notify:{message.channel}:{subject}", 60)
        except Unavailable:
            return None  # without the store, WeChat's own 45009 answers slow us down
        return now + timedelta(seconds=resets_in) if count > limit else None

    async def _take_consent(
        self, message: OutboxMessage, template: Template, payload: dict[str, Any]
    ) -> str | bool | None:
        """The template id whose quota was taken, None if none is needed, False if none is left."""
        if message.channel != Channel.SUBSCRIBE_MESSAGE or template.long_term:
            return None
        template_id = payload["template_id"]
        if await subscriptions.take(message.recipient_id, template_id):
            return template_id
        return False

    async def _no_consent(self, message: OutboxMessage, template: Template) -> OutboxStatus:
        fallback = fallback_channel(template)
        if fallback is not None and fallback != message.channel:
            await enqueue(
                [
                    Notice(
                        f"{message.dedupe_key}:fallback:{fallback}",
                        fallback,
                        message.template,
                        RecipientType(message.recipient_type),
                        message.recipient_id,
                        message.data,
                        message.subject_type,
                        message.subject_id,
                    )
                ]
            )
        note = f"no subscription consent; fallback: {fallback or 'none'}"
        return await self._finish(message, OutboxStatus.NO_CONSENT, "no_consent", note)

    async def _after_error(
        self,
        message: OutboxMessage,
        template: Template,
        error: Exception,
        quota_id: str | bool | None,
        now: datetime,
    ) -> OutboxStatus:
        code, text = outcomes.error_code(error), outcomes.error_message(error)
        if isinstance(quota_id, str):
            if isinstance(error, WeChatApiError) and error.errcode == outcomes.REFUSED:
                await subscriptions.forget(message.recipient_id, quota_id)
            elif outcomes.is_retryable(error):
                await subscriptions.give_back(message.recipient_id, quota_id)
        if not outcomes.is_retryable(error):
            log.warning("outbox message %s failed for good: %s %s", message.id, code, text)
            return await self._finish(message, OutboxStatus.FAILED, code, text)
        if message.attempts >= template.max_tries:
            log.warning("outbox message %s ran out of tries: %s %s", message.id, code, text)
            return await self._finish(message, OutboxStatus.DEAD, code, text)
        delay = outcomes.backoff_seconds(
            message.attempts, self.settings.backoff_base_seconds, self.settings.backoff_max_seconds
        )
        await release(
            message,
            self.worker_id,
            status=OutboxStatus.PENDING,
            next_attempt_at=now + timedelta(seconds=delay),
            attempts=message.attempts,
            last_error_code=code,
            last_error_message=text[:2000],
        )
        return OutboxStatus.PENDING

    async def _fail(self, message: OutboxMessage, code: str, text: str) -> OutboxStatus:
        log.warning("outbox message %s cannot be sent: %s", message.id, text)
        return await self._finish(message, OutboxStatus.FAILED, code, text)

    async def _finish(
        self, message: OutboxMessage, status: OutboxStatus, code: str, text: str
    ) -> OutboxStatus:
        await release(
            message,
            self.worker_id,
            status=status,
            attempts=message.attempts,
            last_error_code=code[:32],
            last_error_message=text[:2000],
        )
        return status
