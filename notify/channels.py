"""Send one rendered message by its channel to its recipient's address.

Each sender returns what WeChat (or the SMS provider) answered worth keeping, or raises
WeChatApiError / WeChatUnreachable (core.wechat_api), SmsApiError / SmsUnreachable (core.sms) or
TemplateError (no address to send to).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.settings import NotifySettings
from core.wechat_messages import CustomerServiceClient, SubscribeMessageClient
from core.wecom import WeComClient
from models.outbox import Channel, OutboxMessage, RecipientType
from models.people import Citizen, Department, StaffAccount
from notify.province import ProvinceChannel
from notify.sms import SmsChannel
from notify.templates import TemplateError

log = logging.getLogger(__name__)
# Channels that find their recipient's address themselves, not by recipient type.
OWN_ADDRESSING = frozenset({Channel.SMS, Channel.PROVINCE})


@dataclass(frozen=True)
class Senders:
    subscribe: SubscribeMessageClient
    wecom: WeComClient
    settings: NotifySettings
    custom: CustomerServiceClient | None = None
    sms: SmsChannel | None = None
    province: ProvinceChannel | None = None

    async def address(self, message: OutboxMessage) -> str:
        """The openid, WeCom userid, robot key or phone number of the recipient."""
        if message.channel == Channel.SMS:
            if self.sms is None:
                raise TemplateError("sms_not_configured", "this notifier has no SMS channel")
            return await self.sms.address(message)
        if message.channel == Channel.PROVINCE:
            if self.province is None:
                raise TemplateError("province_not_configured", "this notifier has no province")
            return self.province.address()
        found = (await self.addresses([message]))[message.id]
        if isinstance(found, TemplateError):
            raise found
        return found

    async def addresses(self, messages: list[OutboxMessage]) -> dict[int, str | TemplateError]:
        """Each message's address (by message id), or why it has none: one query per kind of
        recipient for a whole batch, not one per message. A text goes to a phone the SMS
        channel finds (the citizen's, an applicant's with consent, a ticket's contact)."""
        found: dict[int, str | TemplateError] = {}
        for message in messages:
            if message.channel in OWN_ADDRESSING:
                try:
                    found[message.id] = await self.address(message)
                except TemplateError as error:
                    found[message.id] = error
        messages = [m for m in messages if m.channel not in OWN_ADDRESSING]
        wanted: dict[str, set[int]] = {}
        for message in messages:
            wanted.setdefault(message.recipient_type, set()).add(message.recipient_id)
        known: dict[tuple[str, int], str] = {}
        codes: dict[int, str] = {}
        if ids := wanted.get(RecipientType.CITIZEN):
            for rid, openid in await Citizen.filter(id__in=ids).values_list("id", "openid"):
                if openid:
                    known[(RecipientType.CITIZEN, rid)] = str(openid)
        if ids := wanted.get(RecipientType.STAFF):
            staff = StaffAccount.filter(id__in=ids, active=True)
            for rid, userid in await staff.values_list("id", "wecom_userid"):
                if userid:
                    known[(RecipientType.STAFF, rid)] = userid
        if ids := wanted.get(RecipientType.DEPARTMENT):
            for rid, code in await Department.filter(id__in=ids).values_list("id", "code"):
                codes[rid] = str(code)
                key = self.settings.robot_key(str(code)) if code else None
                if key:
                    known[(RecipientType.DEPARTMENT, rid)] = key
        for m in messages:
            found[m.id] = known.get((m.recipient_type, m.recipient_id)) or _no_address(m, codes)
        return found

    async def hold_until(
        self, message: OutboxMessage, address: str, now: datetime
    ) -> datetime | None:
        """A channel's own per-recipient limit (SMS: per number), if it holds this message."""
        if message.channel == Channel.SMS and self.sms is not None:
            return await self.sms.hold_until(address, now)
        if message.channel == Channel.PROVINCE and self.province is not None:
            return await self.province.hold_until(message, now)  # in order per matter
        return None

    async def send(
        self, message: OutboxMessage, address: str, payload: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        channel = message.channel
        if channel == Channel.SUBSCRIBE_MESSAGE:
            answer = await self.subscribe.send(
                address, payload["template_id"], payload["data"], payload.get("page", "")
            )
            return {"msgid": answer.get("msgid")}
        if channel == Channel.CUSTOMER_SERVICE and self.custom is not None:
            await self.custom.send(address, payload)
            return {}
        if channel == Channel.WECOM_APP:
            answer = await self.wecom.send_app_message({"touser": address, **payload})
            card = payload.get("template_card") or {}
            return {
                "msgid": answer.get("msgid"),
                "task_id": card.get("task_id"),
                "response_code": answer.get("response_code"),
            }
        if channel == Channel.WECOM_ROBOT:
            await self.wecom.robot_send(address, payload)
            return {}
        if channel == Channel.SMS and self.sms is not None:
            return await self.sms.send(message, address, payload, now)
        if channel == Channel.PROVINCE and self.province is not None:
            return await self.province.send(payload)
        raise TemplateError("no_sender", f"no sender for channel {channel}")


def _no_address(message: OutboxMessage, department_codes: dict[int, str]) -> TemplateError:
    kind, rid = message.recipient_type, message.recipient_id
    if kind == RecipientType.DEPARTMENT:
        code = department_codes.get(rid)
        named = f"department {code}" if code else f"department {rid} (not found)"
        return TemplateError(
            "no_robot", f"{named} has no group robot configured ([notify] robot_keys)"
        )
    return TemplateError("no_address", f"{kind} {rid} has no {message.channel} address")
