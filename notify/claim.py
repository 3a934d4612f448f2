"""Claiming due outbox rows: pending and due, or `sending` with an expired lease (a dead worker).

On PostgreSQL the selection is `FOR UPDATE SKIP LOCKED`, so workers side by side take disjoint
rows without waiting on each other; the claim then marks them `sending` under this worker's id
with a lease. SQLite has no row locks; there a single in-process loop claims.
"""

from __future__ import annotations

from datetime import datetime, timedelta

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
