"""The SMS channel: whose number, our per-number limits, and sending without sending twice.

Addresses: a citizen's bound phone; a walk-in applicant's number only while the consent given at
the window stands; a ticket's contact phone (given for callbacks), never an anonymous one.

Our limits (1 per min_interval_seconds, N per hour, M per local day and number) are checked before
the provider's, so a message over one waits for its window instead of being refused. When the
provider refuses for a limit anyway (another system sending on the same account), the window it
names is marked full here, so the retry waits for it too: the daily limit holds the message to
the next day rather than burning its tries.

A try first records when it started on the row; a later try that finds that mark (the worker died
or timed out after the provider may have accepted) asks the provider for receipts of the number
with our SessionContext before sending again, so a restart does not text the citizen twice.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.errors import Unavailable
from core.kv import KeyValueStore
from core.masking import mask_phone
from core.settings import SmsSettings
from core.sms import SmsApiError, StatusReport, TencentSmsClient, e164
from models.cases import CaseContactConsent, ConsentScope
from models.outbox import OutboxMessage, OutboxStatus, RecipientType
from models.people import Citizen
from models.tickets import Ticket
from notify.templates import TemplateError

log = logging.getLogger(__name__)
THIRTY_SECONDS = "LimitExceeded.PhoneNumberThirtySecondLimit"
ONE_HOUR = "LimitExceeded.PhoneNumberOneHourLimit"
DAILY = ("LimitExceeded.PhoneNumberDailyLimit", "LimitExceeded.PhoneNumberSameContentDailyLimit")
# How far around the marked start receipts of an earlier try are looked for (seconds).
EARLIER_TRY_SLACK = 120


def session_context(message: OutboxMessage) -> str:
    return f"outbox-{message.id}"


def outbox_id(context: str) -> int | None:
    prefix, _, number = context.partition("-")
    return int(number) if prefix == "outbox" and number.isdigit() else None


@dataclass
class SmsChannel:
    client: TencentSmsClient
    settings: SmsSettings
    kv: KeyValueStore
    tz: ZoneInfo

    async def address(self, message: OutboxMessage) -> str:
        if not self.settings.configured:
            raise TemplateError(
                "sms_not_configured", "[sms] sdk_app_id, sign_name and the keys are not all set"
            )
        kind, rid = message.recipient_type, message.recipient_id
        phone: str | None = None
        if kind == RecipientType.CITIZEN:
            phone = await Citizen.filter(id=rid).first().values_list("phone", flat=True)
        elif kind == RecipientType.CASE_APPLICANT:
            phone = await (
                CaseContactConsent.filter(
                    case_id=rid, scope=ConsentScope.CASE_NOTICES, withdrawn_at=None
                )
                .first()
                .values_list("phone", flat=True)
            )
        elif kind == RecipientType.TICKET_CONTACT:
            ticket = await Ticket.get_or_none(id=rid)
            phone = ticket.contact_phone if ticket is not None and not ticket.anonymous else None
        if not phone:
            raise TemplateError("no_address", f"{kind} {rid} has no phone number for SMS")
        return str(phone)

    async def hold_until(self, phone: str, now: datetime) -> datetime | None:
        """When our own limits let the next message to `phone` go, if not now.

        The per-interval slot is taken here (SET NX), so two workers, or two rows in one
        batch, cannot both pass it for the same number.
        """
        keys = self._keys(phone, now)
        try:
            hour = int(await self.kv.get(keys["hour"]) or 0)
            day = int(await self.kv.get(keys["day"]) or 0)
            if self.settings.per_number_per_hour and hour >= self.settings.per_number_per_hour:
                return _next_hour(now)
            if self.settings.per_number_per_day and day >= self.settings.per_number_per_day:
                return self._next_day(now)
            interval = self.settings.min_interval_seconds
            stamp = str(now.timestamp())
            if interval and not await self.kv.set(
                keys["last"], stamp, ttl=interval, only_if_absent=True
            ):
                last = await self.kv.get(keys["last"])
                since = now.timestamp() - float(last) if last else interval
                if since < interval:
                    return now + timedelta(seconds=max(1.0, interval - since))
                await self.kv.set(keys["last"], stamp, ttl=interval)
        except Unavailable:
            return None  # the provider's own limits still apply
        return None

    async def send(
        self, message: OutboxMessage, phone: str, payload: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        context = session_context(message)
        started = (message.delivery or {}).get("sms_started_at")
        if started:
            earlier = await self._earlier_delivery(phone, context, int(started))
            if earlier is not None:
                log.info("outbox message %s was texted by an earlier try", message.id)
                await self._count(phone, now)
                return {**receipt_fields(earlier), "duplicate_of_earlier_try": True}
        mark = {"sms_started_at": int(time.time())}
        await OutboxMessage.filter(
            id=message.id, status=OutboxStatus.SENDING, claimed_by=message.claimed_by
        ).update(delivery=mark)
        try:
            result = await self.client.send(
                phone, payload["template_id"], payload["params"], context
            )
        except SmsApiError as error:
            # Refused, so nothing went out: the slot taken in hold_until is free again, unless
            # the refusal was a frequency limit (then the window it names is marked full).
            await self._note_refusal(phone, now, error.code)
            raise
        await self._count(phone, now)
        log.info("SMS for outbox message %s accepted for %s", message.id, mask_phone(phone))
        return {
            **mark,
            "serial_no": result.serial_no,
            "request_id": result.request_id,
            "fee": result.fee,
            "state": "accepted",
        }

    async def _earlier_delivery(
        self, phone: str, context: str, started: int
    ) -> StatusReport | None:
        reports = await self.client.status_of_number(
            phone, started - EARLIER_TRY_SLACK, int(time.time()) + EARLIER_TRY_SLACK
        )
        return next((r for r in reports if r.session_context == context), None)

    async def _count(self, phone: str, now: datetime) -> None:
        keys = self._keys(phone, now)
        try:
            await self.kv.hit(keys["hour"], 3600)
            await self.kv.hit(keys["day"], 2 * 86400)
        except Unavailable:
            pass

    async def _note_refusal(self, phone: str, now: datetime, code: str) -> None:
        keys = self._keys(phone, now)
        try:
            if code not in (THIRTY_SECONDS, ONE_HOUR, *DAILY):
                await self.kv.delete(keys["last"])
            if code == THIRTY_SECONDS:
                await self.kv.set(keys["last"], str(now.timestamp()), ttl=30)
            elif code == ONE_HOUR:
                await self.kv.set(keys["hour"], str(10**6), ttl=3600)
            elif code in DAILY:
                await self.kv.set(keys["day"], str(10**6), ttl=2 * 86400)
        except Unavailable:
            pass

    def _keys(self, phone: str, now: datetime) -> dict[str, str]:
        # Keys name a hash of the number, never the number.
        digest = hashlib.sha256(e164(phone).encode()).hexdigest()[:20]
        local = now.astimezone(self.tz)
        return {
            "last": f"sms:number:{digest}:last",
            "hour": f"sms:number:{digest}:hour:{int(now.timestamp()) // 3600}",
            "day": f"sms:number:{digest}:day:{local.date().isoformat()}",
        }

    def _next_day(self, now: datetime) -> datetime:
        local = now.astimezone(self.tz)
        return datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), self.tz)


def _next_hour(now: datetime) -> datetime:
    return datetime.fromtimestamp((int(now.timestamp()) // 3600 + 1) * 3600, now.tzinfo)


def receipt_fields(report: StatusReport) -> dict[str, Any]:
    return {
        "serial_no": report.serial_no,
        "state": "delivered" if report.delivered else "undelivered",
        "receipt": {
            "status": report.report_status,
            "description": report.description,
            "received_at": report.user_receive_time,
        },
    }
