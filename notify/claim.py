"""Claiming due outbox rows: pending and due, or `sending` with an expired lease (a dead worker).

On PostgreSQL the selection is `FOR UPDATE SKIP LOCKED`, so workers side by side take disjoint
rows without waiting on each other; the claim then marks them `sending` under this worker's id
with a lease. SQLite has no row locks; there a single in-process loop claims.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.outbox import OutboxMessage, OutboxStatus


def claimable(now: datetime) -> Q:
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, lease_until__lt=now
    )


async def claim_due(
    worker_id: str, now: datetime, limit: int, lease_seconds: float
) -> list[OutboxMessage]:
    async with in_transaction() as connection:
        # .only(), not .values_list(): tortoise drops FOR UPDATE from values queries.
        locked = await (
            OutboxMessage.filter(claimable(now))
            .order_by("next_attempt_at", "id")
            .limit(limit)
            .select_for_update(skip_locked=True)
            .only("id")
            .using_db(connection)
        )
        ids = [row.id for row in locked]
        if not ids:
            return []
        await (
            OutboxMessage.filter(claimable(now), id__in=list(ids))
            .using_db(connection)
            .update(
                status=OutboxStatus.SENDING,
                claimed_by=worker_id,
                lease_until=now + timedelta(seconds=lease_seconds),
            )
        )
    return await OutboxMessage.filter(
        id__in=list(ids), status=OutboxStatus.SENDING, claimed_by=worker_id
    ).order_by("id")


async def release(message: OutboxMessage, worker_id: str, **changes: object) -> bool:
    """Record the outcome, only if this worker still holds the claim."""
    updated = await OutboxMessage.filter(
        id=message.id, status=OutboxStatus.SENDING, claimed_by=worker_id
    ).update(claimed_by="", lease_until=None, **changes)
    return updated > 0


@dataclass(frozen=True)
class Sent:
    """A message WeChat accepted, waiting to be recorded with the rest of its batch."""

    message_id: int
    attempts: int
    delivery: dict[str, Any]


# PostgreSQL: a whole batch's `sent` outcomes in one statement (each row keeps its own delivery).
RELEASE_SENT_PG = """
UPDATE outbox_message AS o
SET status = $1, sent_at = $2, attempts = u.attempts, delivery = u.delivery::jsonb,
    last_error_code = '', last_error_message = '', claimed_by = '', lease_until = NULL
FROM unnest($3::bigint[], $4::int[], $5::text[]) AS u(id, attempts, delivery)
WHERE o.id = u.id AND o.status = $6 AND o.claimed_by = $7
"""


async def release_sent(worker_id: str, sent: list[Sent], now: datetime) -> None:
    """Record that these were sent, for the rows this worker still holds."""
    if not sent:
        return
    db = OutboxMessage._choose_db(True)
    if db.capabilities.dialect != "postgres":
        for row in sent:
            await OutboxMessage.filter(
                id=row.message_id, status=OutboxStatus.SENDING, claimed_by=worker_id
            ).update(
                status=OutboxStatus.SENT,
                sent_at=now,
                attempts=row.attempts,
                delivery=row.delivery,
                last_error_code="",
                last_error_message="",
                claimed_by="",
                lease_until=None,
            )
        return
    await db.execute_query(
        RELEASE_SENT_PG,
        [
            OutboxStatus.SENT.value,
            now,
            [row.message_id for row in sent],
            [row.attempts for row in sent],
            [json.dumps(row.delivery, separators=(",", ":")) for row in sent],
            OutboxStatus.SENDING.value,
            worker_id,
        ],
    )
