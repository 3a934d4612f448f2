"""Short-lived server-side state of a started verification, bound to one citizen, used once."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from core.kv import KeyValueStore


def flow_key(kind: str, handle: str) -> str:
    # The handle (OAuth state, verify_id) is hashed: a dump of the store replays nothing.
    return f"identity-flow:{kind}:" + hashlib.sha256(handle.encode()).hexdigest()


async def keep(kv: KeyValueStore, kind: str, handle: str, data: dict[str, Any], ttl: int) -> None:
    await kv.set(flow_key(kind, handle), json.dumps(data), ttl=ttl)


async def peek(kv: KeyValueStore, kind: str, handle: str) -> dict[str, Any] | None:
    raw = await kv.get(flow_key(kind, handle))
    return json.loads(raw) if raw else None


async def take(kv: KeyValueStore, kind: str, handle: str) -> dict[str, Any] | None:
    """The flow's data, deleted at once; None if absent or another request took it first."""
    data = await peek(kv, kind, handle)
    if data is None or not await kv.delete(flow_key(kind, handle)):
        return None
    return data
