"""A Redis pub/sub nudge that outbox rows were committed, so workers send them at once.

Only a hint: workers poll the outbox anyway, so a lost nudge (or no Redis) delays a message by at
most the poll interval and loses nothing.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from core.kv import KeyValueStore, RedisStore

log = logging.getLogger(__name__)


def wakeup_channel(prefix: str) -> str:
    return f"{prefix}outbox:wakeup"


async def publish_wakeup(kv: KeyValueStore, prefix: str) -> None:
    if not isinstance(kv, RedisStore):
        return
    try:
        await kv.client.publish(wakeup_channel(prefix), "1")
    except (RedisError, OSError) as error:
        log.warning("outbox wake-up not published (%s); workers will poll", type(error).__name__)
