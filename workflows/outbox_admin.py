"""Looking into the outbox and sending again what did not go out (admin)."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from workflows.audit import Actor, record_change

# What an admin may send again: nothing that is sent or in flight.
RESENDABLE = frozenset(
    {OutboxStatus.FAILED, OutboxStatus.DEAD, OutboxStatus.NO_CONSENT, OutboxStatus.CANCELLED}
)


async def list_messages(
    *,
    status: OutboxStatus | None,
    channel: Channel | None,
    recipient_type: RecipientType | None,
    recipient_id: int | None,
    template: str | None,
    limit: int,
    offset: int,
) -> tuple[list[OutboxMessage], int]:
    query = OutboxMessage.all()
    filters = {
        "status": status,
        "channel": channel,
        "recipient_type": recipient_type,
        "recipient_id": recipient_id,
        "template": template,
    }
    query = query.filter(**{k: v for k, v in filters.items() if v is not None})
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    return list(rows), total


async def resend(actor: Actor, message_id: int, now: datetime) -> OutboxMessage:
    async with in_transaction():
        message = await OutboxMessage.get_or_none(id=message_id)
        if message is None:
            raise NotFound("no such outbox message")
        if message.status not in RESENDABLE:
            raise Conflict(
                f"a {message.status} message cannot be sent again", code="outbox_not_resendable"
            )
        before = {"status": str(message.status), "attempts": message.attempts}
        updated = await OutboxMessage.filter(id=message.id, status=message.status).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now
        )
        if not updated:
            raise Conflict("the message changed meanwhile, look again", code="outbox_changed")
        await record_change(
            actor,
            "outbox.resent",
            "outbox_message",
            message.id,
            before=before,
            after={"status": "pending"},
        )
    await message.refresh_from_db()
    return message
