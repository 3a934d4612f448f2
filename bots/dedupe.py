"""WeChat resends a message it got no answer to: act on each message once.

The first delivery claims the message's key (set-if-absent, with a TTL); a resend finds it and
gets the stored answer again (or nothing while the first is still being worked on).
"""

from __future__ import annotations

import hashlib

from bots.incoming import Incoming
from core.kv import KeyValueStore

PENDING = "\x00pending"


def message_key(webhook: str, message: Incoming) -> str:
    if message.msg_id:
        return f"bots:seen:{webhook}:{message.target}:{message.msg_id}"
    # Events have no MsgId: WeChat's docs say FromUserName + CreateTime. The event and its key
    # are added so two different button clicks within one second are both acted on.
    what = hashlib.sha1(f"{message.event}|{message.event_key}".encode()).hexdigest()[:16]
    return f"bots:seen:{webhook}:{message.target}:{message.source}:{message.create_time}:{what}"


async def claim(kv: KeyValueStore, key: str, ttl: int) -> tuple[bool, str | None]:
    """(True, None) for a first delivery; (False, the answer given or None) for a resend."""
    if await kv.set(key, PENDING, ttl=ttl, only_if_absent=True):
        return True, None
    stored = await kv.get(key)
    return False, None if stored in (None, PENDING, "") else stored


async def remember(kv: KeyValueStore, key: str, answer: str, ttl: int) -> None:
    await kv.set(key, answer, ttl=ttl)
