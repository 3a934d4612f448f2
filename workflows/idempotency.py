"""Idempotency-Key: a retried write (same caller, key, operation and request) gets the first answer.

The answer is stored in the transaction of the change it guards: the caller opens one
transaction, `claim`s the key (the row's unique (caller, key) makes a concurrent request with
the same key wait for this one), makes the change and `store`s the answer. Change and answer
commit together or not at all, so a retry after a lost connection, a database restart or on
another server finds both or neither and never makes the change twice.

Only successes are stored. A 4xx changes nothing (its transaction rolls back with the key row),
so the key may be sent again and the request is judged again; a 5xx is never stored.
Records are kept `retention` long; expired ones are purged by the worker or when met.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.idempotency import IdempotencyRecord

MAX_KEY_LENGTH = 100
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout passed


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: str


@dataclass(frozen=True)
class Claim:
    """Who sent the key, the key, and what the request was."""

    caller: str
    key: str
    operation: str
    request_hash: str


def fingerprint(request: dict[str, Any]) -> str:
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationFailed(
            "Idempotency-Key must be 1-100 printable ASCII characters",
            code="invalid_idempotency_key",
            fields={"Idempotency-Key": "1-100 printable ASCII characters"},
        )
    return key


def in_progress() -> Conflict:
    return Conflict(
        "a request with this Idempotency-Key is still being processed; retry in a moment",
        code="idempotency_key_in_progress",
    )


async def earlier_answer(claim: Claim, now: datetime) -> StoredAnswer | None:
    """The answer an earlier request with this key got, or None if there was none (or expired)."""
    record = await IdempotencyRecord.get_or_none(caller=claim.caller, key=claim.key)
    if record is None:
        return None
    if record.expires_at <= now:
        await IdempotencyRecord.filter(id=record.id, expires_at__lte=now).delete()
        return None
    if record.operation != claim.operation or record.request_hash != claim.request_hash:
        raise ValidationFailed(
            "this Idempotency-Key was used for a different request; use a new key",
            code="idempotency_key_reused",
            fields={"Idempotency-Key": "already used with another request"},
        )
    return StoredAnswer(status=record.status, body=record.body)


async def claim(claim: Claim, now: datetime, retention: timedelta, wait_seconds: float) -> bool:
    """Call inside the change's transaction, first: take the key for this request.

    False when another request with this key committed first (read its answer after rolling
    back). While another holds the key uncommitted, PostgreSQL makes this wait, at most
    `wait_seconds`, then the request is refused as in progress.
    """
    try:
        async with in_transaction() as connection:  # a savepoint: a lost race rolls back only this
            postgres = connection.capabilities.dialect == "postgres"
            if postgres:
                wait_ms = int(wait_seconds * 1000)
                await connection.execute_script(f"SET LOCAL lock_timeout = {wait_ms}")
            await IdempotencyRecord.filter(
                caller=claim.caller, key=claim.key, expires_at__lte=now
            ).delete()
            await IdempotencyRecord.create(
                caller=claim.caller,
                key=claim.key,
                operation=claim.operation,
                request_hash=claim.request_hash,
                status=0,  # not answered yet; only ever seen by this transaction
                body="",
                expires_at=now + retention,
            )
            if postgres:
                await connection.execute_script("SET LOCAL lock_timeout TO DEFAULT")
    except IntegrityError:
        return False
    except Exception as error:
        if getattr(error, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise in_progress() from None
        raise
    return True


async def store(claim: Claim, answer: StoredAnswer | None) -> None:
    """Call in the same transaction, after the change: the answer a retry will get."""
    rows = IdempotencyRecord.filter(caller=claim.caller, key=claim.key)
    if answer is None:  # not a storable answer: the key is free again once this commits
        await rows.delete()
    else:
        await rows.update(status=answer.status, body=answer.body)


async def purge_expired(now: datetime) -> int:
    """Delete the records past their retention (the worker runs this; lookups also skip them)."""
    return await IdempotencyRecord.filter(expires_at__lte=now).delete()
