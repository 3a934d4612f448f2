"""Idempotency-Key: a retried request (same key, same caller, same body) gets the first answer.

The key is stored in the database, in the transaction of the change it guards, so a retry after
a restart or on another server is just as safe as one a second later.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from core.errors import ValidationFailed
from models.booking import Booking, IdempotencyRecord

MAX_KEY_LENGTH = 100


def fingerprint(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
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


async def replay(citizen_id: int, operation: str, key: str, request_hash: str) -> Booking | None:
    """The booking an earlier request with this key made, or None if there was none."""
    record = await IdempotencyRecord.get_or_none(
        citizen_id=citizen_id, operation=operation, key=key
    )
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise ValidationFailed(
            "this Idempotency-Key was used for a different request; use a new key",
            code="idempotency_key_reused",
            fields={"Idempotency-Key": "already used with another body"},
        )
    return await Booking.get(id=record.booking_id)  # type: ignore[attr-defined]


async def remember(
    citizen_id: int, operation: str, key: str, request_hash: str, booking_id: int
) -> None:
    await IdempotencyRecord.create(
        citizen_id=citizen_id,
        operation=operation,
        key=key,
        request_hash=request_hash,
        booking_id=booking_id,
    )
