"""Send one rendered message by its channel to its recipient's address.

Each sender returns what WeChat answered worth keeping, or raises WeChatApiError /
WeChatUnreachable (core.wechat_api) or TemplateError (no address to send to).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from core.settings import NotifySettings
from core.wechat_messages import CustomerServiceClient, SubscribeMessageClient
from core.wecom import WeComClient
from models.outbox import Channel, OutboxMessage, RecipientType
from models.people import Citizen, Department, StaffAccount
from notify.templates import TemplateError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Senders:
    subscribe: SubscribeMessageClient
    wecom: WeComClient
    settings: NotifySettings
    custom: CustomerServiceClient | None = None

    async def address(self, message: OutboxMessage) -> str:
        """The openid, WeCom userid or robot key of the recipient."""
        found = (await self.addresses([message]))[message.id]
        if isinstance(found, TemplateError):
            raise found
        return found

    async def addresses(self, messages: list[OutboxMessage]) -> dict[int, str | TemplateError]:
        """Each message's address (by message id), or why it has none: one query per kind of
        recipient for a whole batch, not one per message."""
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
        return {
            m.id: known.get((m.recipient_type, m.recipient_id)) or _no_address(m, codes)
            for m in messages
        }

    async def send(
        self, message: OutboxMessage, address: str, payload: dict[str, Any]
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
        # SMS is an interface only in this project: logged, never sent.
        log.info("SMS fallback to %s %s: %s", message.recipient_type, message.recipient_id, payload)
        return {"sms": "logged"}


def _no_address(message: OutboxMessage, department_codes: dict[int, str]) -> TemplateError:
    kind, rid = message.recipient_type, message.recipient_id
    if kind == RecipientType.DEPARTMENT:
        code = department_codes.get(rid)
        named = f"department {code}" if code else f"department {rid} (not found)"
        return TemplateError(
            "no_robot", f"{named} has no group robot configured ([notify] robot_keys)"
        )
    return TemplateError("no_address", f"{kind} {rid} has no {message.channel} address")
