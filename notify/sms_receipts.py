"""Delivery receipts: pull them (PullSmsSendStatus) and record each on its outbox row.

The loop at the end also pulls replies (notify.sms_replies) on the same schedule.

A receipt names the row by the SessionContext we sent ("outbox-<id>"); the row's `delivery`
gets `state` delivered/undelivered and the receipt. Tencent hands each receipt out once, so one
that arrives before its row is marked sent (the receipt raced the dispatcher) is kept here and
applied on a later round, for a few rounds at most.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from core.sms import SmsApiError, SmsUnreachable, StatusReport
from models.outbox import Channel, OutboxMessage, OutboxStatus
from notify.sms import SmsChannel, outbox_id, receipt_fields
from notify.sms_replies import ReplyPuller

log = logging.getLogger(__name__)
KEEP_ROUNDS = 10


@dataclass
class ReceiptPuller:
    channel: SmsChannel
    waiting: dict[str, tuple[StatusReport, int]] = field(default_factory=dict)

    async def run_once(self) -> int:
        """Pull until the provider has none left; returns how many rows were updated."""
        updated = 0
        reports = [report for report, _ in self.waiting.values()]
        while True:
            pulled = await self.channel.client.pull_status(100)
            reports += pulled
            if len(pulled) < 100:
                break
        for report in reports:
            if await self._apply(report):
                updated += 1
                self.waiting.pop(report.serial_no, None)
        return updated

    async def _apply(self, report: StatusReport) -> bool:
        row_id = outbox_id(report.session_context)
        row = await OutboxMessage.get_or_none(id=row_id, channel=Channel.SMS) if row_id else None
        if row is None:
            return True  # not ours (another system on the account): nothing to keep
        if row.status != OutboxStatus.SENT:
            _, rounds = self.waiting.get(report.serial_no, (report, 0))
            if rounds < KEEP_ROUNDS:
                self.waiting[report.serial_no] = (report, rounds + 1)
            else:
                self.waiting.pop(report.serial_no, None)
            return False
        delivery = dict(row.delivery or {})
        if delivery.get("serial_no") not in (None, "", report.serial_no):
            return True
        delivery.update(receipt_fields(report))
        await OutboxMessage.filter(id=row.id).update(delivery=delivery)
        if not report.delivered:
            log.warning("SMS of outbox message %s not delivered: %s", row.id, report.description)
        return True


async def pull_receipts_forever(
    pullers: list[ReceiptPuller | ReplyPuller], every: float, stop: asyncio.Event
) -> None:
    while not stop.is_set():
        try:
            for puller in pullers:
                await puller.run_once()
        except (SmsApiError, SmsUnreachable) as error:
            log.warning("SMS receipts could not be pulled: %s", error)
        except Exception:
            log.exception("SMS receipts could not be recorded")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
