"""Captured callbacks cannot be replayed: a timestamp window, and each (timestamp, nonce) once.

WeChat signs the timestamp and nonce it puts in the URL. A request whose timestamp is outside
`webhook_max_skew_seconds` of our clock is refused. Within the window, the first request with a
given timestamp and nonce records a digest of its body; a later one with the same pair and
another body is refused (in plain mode the URL signature does not cover the body). The same pair
with the same body is let through: it is WeChat resending, or a replay of what was already done,
and the message dedupe (which outlives the window, see core/settings.py) answers it without
acting again. The record lives in the kv store: Redis when configured, in-process otherwise.
"""

from __future__ import annotations

import hashlib
import time

from bots.wire import Refused
from core.kv import KeyValueStore

MAX_TIMESTAMP_CHARS = 12  # seconds since 1970, for the next 30,000 years


def require_fresh(timestamp: str, max_skew: int, now: float | None = None) -> None:
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > MAX_TIMESTAMP_CHARS:
        raise Refused(400, "bad timestamp")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > max_skew:
        raise Refused(403, "stale timestamp")


def nonce_key(webhook: str, timestamp: str, nonce: str) -> str:
    pair = hashlib.sha1(f"{timestamp}|{nonce}".encode()).hexdigest()
    return f"bots:nonce:{webhook}:{pair}"


async def require_unseen(
    kv: KeyValueStore, webhook: str, timestamp: str, nonce: str, body: str, max_skew: int
) -> None:
    """Call only after the signature is checked, so strangers cannot fill the store."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    key = nonce_key(webhook, timestamp, nonce)
    # Kept while the timestamp can still pass require_fresh, plus a minute of clock slack.
    if await kv.set(key, digest, ttl=2 * max_skew + 60, only_if_absent=True):
        return
    if await kv.get(key) != digest:
        raise Refused(403, "replayed nonce")
