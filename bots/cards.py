"""Updating WeChat Work cards after someone acted on their matter (by task, via response_code).

Each card the notifier sent is an outbox row whose `delivery` keeps WeChat's response_code; a
code works once, so a row is marked once its card is updated. Every card about the matter is
updated (all handlers and supervisors got one), not only the clicked one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from core.wechat_api import WeChatApiError, WeChatUnreachable
from core.wecom import WeComClient
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.people import StaffAccount

log = logging.getLogger(__name__)


async def update_cards(
    wecom: WeComClient, subject_type: str, subject_id: int, label: str, now: datetime
) -> int:
    rows = await OutboxMessage.filter(
        channel=Channel.WECOM_APP,
        status=OutboxStatus.SENT,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    updated = 0
    for row in rows:
        delivery = dict(row.delivery or {})
        code = delivery.get("response_code")
        if not code or delivery.get("card_updated_at"):
            continue
        userid = (
            await StaffAccount.filter(id=row.recipient_id)
            .first()
            .values_list("wecom_userid", flat=True)
        )
        if not userid:
            continue
        update = {"userids": [userid], "response_code": code, "button": {"replace_name": label}}
        try:
            await wecom.update_template_card(update)
        except (WeChatApiError, WeChatUnreachable) as error:
            log.warning("card of outbox message %s not updated: %s", row.id, error)
            continue
        delivery.update(card_updated_at=now.isoformat(), card_label=label)
        await OutboxMessage.filter(id=row.id).update(delivery=delivery)
        updated += 1
    return updated
