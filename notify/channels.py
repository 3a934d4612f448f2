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
from notify.sms import SmsChannel
from notify.templates import TemplateError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Senders:
    subscribe: SubscribeMessageClient
    wecom: WeComClient
    settings: NotifySettings
    custom: CustomerServiceClient | None = None
    sms: SmsChannel | None = None

    async def address(self, message: OutboxMessage) -> str:
        """The openid, WeCom userid, robot key or phone number of the recipient."""
        kind, rid = message.recipient_type, message.recipient_id
        if message.channel == Channel.SMS:
            if self.sms is None:
                raise TemplateError("sms_not_configured", "this notifier has no SMS channel")
            return await self.sms.address(message)
        if kind == RecipientType.CITIZEN:
            openid = await Citizen.filter(id=rid).first().values_list("openid", flat=True)
            if openid:
                return str(openid)
        elif kind == RecipientType.STAFF:
            staff = await StaffAccount.get_or_none(id=rid, active=True)
            if staff is not None and staff.wecom_userid:
                return staff.wecom_userid
        elif kind == RecipientType.DEPARTMENT:
            code = await Department.filter(id=rid).first().values_list("code", flat=True)
            key = self.settings.robot_key(str(code)) if code else None
            if key:
                return key
            named = f"department {code}" if code else f"department {rid} (not found)"
            raise TemplateError(
                "no_robot", f"{named} has no group robot configured ([notify] robot_keys)"
            )
        raise TemplateError("no_address", f"{kind} {rid} has no {message.channel} address")

    async def hold_until(
        self, message: OutboxMessage, address: str, now: datetime
    ) -> datetime | None:
        """A channel's own per-recipient limit (SMS: per number), if it holds this message."""
        if message.channel == Channel.SMS and self.sms is not None:
            return await self.sms.hold_until(address, now)
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
        raise TemplateError("no_sender", f"no sender for channel {channel}")
