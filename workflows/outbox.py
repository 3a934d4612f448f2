"""Writing messages to the outbox: call inside the transaction of the change that causes them.

Every message has a deterministic dedupe key, so enqueuing the same message twice (a retried
request, two workers) leaves one row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from workflows import clock

# Set when this task wrote outbox rows, so the API can wake the notifier once the change commits.
OUTBOX_WRITTEN: ContextVar[bool] = ContextVar("outbox_written", default=False)


def notice_key(*parts: object) -> str:
    """e.g. notice_key("case", 42, "accepted", "citizen", 7) -> "case:42:accepted:citizen:7"."""
    return ":".join(str(part) for part in parts)


@dataclass(frozen=True)
class Notice:
    dedupe_key: str
    channel: Channel
    template: str
    recipient_type: RecipientType
    recipient_id: int
    data: dict[str, Any] = field(default_factory=dict)
    subject_type: str = ""
    subject_id: int | None = None
    send_at: datetime | None = None  # None: as soon as possible


def to_citizen(
    key: str, citizen_id: int, template: str, data: dict[str, Any], **extra: Any
) -> Notice:
    return Notice(
        key, Channel.SUBSCRIBE_MESSAGE, template, RecipientType.CITIZEN, citizen_id, data, **extra
    )


def to_staff(key: str, staff_id: int, template: str, data: dict[str, Any], **extra: Any) -> Notice:
    return Notice(key, Channel.WECOM_APP, template, RecipientType.STAFF, staff_id, data, **extra)


def to_department(
    key: str, department_id: int, template: str, data: dict[str, Any], **extra: Any
) -> Notice:
    return Notice(
        key, Channel.WECOM_ROBOT, template, RecipientType.DEPARTMENT, department_id, data, **extra
    )


def by_sms(
    key: str,
    recipient_type: RecipientType,
    recipient_id: int,
    template: str,
    data: dict[str, Any],
    **extra: Any,
) -> Notice:
    """A text to the phone the recipient (a citizen, an applicant, a ticket's contact) gave."""
    return Notice(key, Channel.SMS, template, recipient_type, recipient_id, data, **extra)


# PostgreSQL: the batch as one statement of arrays. A job writing thousands of rows at once
# (supervision cards) spent most of its time building a model instance per row.
def insert_arrays_sql(first: int, only_if: str = "") -> str:
    """The INSERT of `notice_parameters` (columns, status, now) as $first..$first+10; with
    `only_if` (a CTE's name) the rows are written only when that CTE returned a row, so a
    booking statement can write its reminders in the same round trip."""
    p = [f"${first + n}" for n in range(11)]
    source = f"{only_if}, " if only_if else ""
    return f"""
INSERT INTO outbox_message (dedupe_key, channel, template, recipient_type, recipient_id, data,
    subject_type, subject_id, status, next_attempt_at, attempts, last_error_code,
    last_error_message, created_at, claimed_by)
SELECT k, c, t, rt, rid, d::jsonb, st, sid, {p[9]}::text, at, 0, '', '', {p[10]}::timestamptz, ''
FROM {source}unnest({p[0]}::text[], {p[1]}::text[], {p[2]}::text[], {p[3]}::text[],
    {p[4]}::bigint[], {p[5]}::text[], {p[6]}::text[], {p[7]}::bigint[], {p[8]}::timestamptz[])
    AS u(k, c, t, rt, rid, d, st, sid, at)
ON CONFLICT DO NOTHING
"""


BULK_INSERT_PG = insert_arrays_sql(1)


async def enqueue(notices: Iterable[Notice]) -> None:
    now = clock.utc_now()
    notices = list(notices)
    if not notices:
        return
    db = OutboxMessage._choose_db(True)  # the caller's transaction, if there is one
    if db.capabilities.dialect == "postgres":
        await _insert_arrays(db, notices, now)
        OUTBOX_WRITTEN.set(True)
        return
    rows = [
        OutboxMessage(
            dedupe_key=n.dedupe_key,
            channel=n.channel,
            template=n.template,
            recipient_type=n.recipient_type,
            recipient_id=n.recipient_id,
            data=n.data,
            subject_type=n.subject_type,
            subject_id=n.subject_id,
            status=OutboxStatus.PENDING,
            next_attempt_at=n.send_at or now,
        )
        for n in notices
    ]
    if rows:
        # ON CONFLICT DO NOTHING: a repeat of a message already written is not an error.
        await OutboxMessage.bulk_create(rows, ignore_conflicts=True)
        OUTBOX_WRITTEN.set(True)


async def _insert_arrays(db: BaseDBAsyncClient, notices: list[Notice], now: datetime) -> None:
    await db.execute_query(BULK_INSERT_PG, notice_parameters(notices, now))


def notice_parameters(notices: list[Notice], now: datetime) -> list[Any]:
    """The 11 parameters of `insert_arrays_sql`: a column each, then status and now."""
    encoded: dict[int, str] = {}  # notices of one event share their data: encode it once

    def data_of(notice: Notice) -> str:
        key = id(notice.data)
        if key not in encoded:
            encoded[key] = json.dumps(notice.data, separators=(",", ":"), ensure_ascii=False)
        return encoded[key]

    return [
        [n.dedupe_key for n in notices],
        [n.channel.value for n in notices],
        [n.template for n in notices],
        [n.recipient_type.value for n in notices],
        [n.recipient_id for n in notices],
        [data_of(n) for n in notices],
        [n.subject_type for n in notices],
        [n.subject_id for n in notices],
        [n.send_at or now for n in notices],
        OutboxStatus.PENDING.value,
        now,
    ]


async def cancel_pending(
    subject_type: str, subject_id: int, templates: Iterable[str] | None = None
) -> int:
    """Stale messages about a matter that changed (e.g. reminders of a cancelled booking)."""
    query = OutboxMessage.filter(
        subject_type=subject_type, subject_id=subject_id, status=OutboxStatus.PENDING
    )
    if templates is not None:
        query = query.filter(template__in=list(templates))
    return await query.update(status=OutboxStatus.CANCELLED)
