"""A short lock across processes on the shared store (SET NX with a TTL).

The TTL frees the lock if its holder dies; release deletes it only if still ours.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core.kv import KeyValueStore


def lock_key(name: str) -> str:
    return f"lock:{name}"


@asynccontextmanager
async def try_lock(kv: KeyValueStore, name: str, ttl: float) -> AsyncIterator[bool]:
    """Yields whether the lock was taken; never waits."""
    token = secrets.token_hex(8)
    taken = await kv.set(lock_key(name), token, ttl=ttl, only_if_absent=True)
    try:
        yield taken
    finally:
        if taken and await kv.get(lock_key(name)) == token:
            await kv.delete(lock_key(name))
