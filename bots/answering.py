"""Answer each message once, within WeChat's 5 seconds, whatever it takes to work it out.

The work runs in a tracked task. If it finishes within `reply_within_seconds` its text is the
passive reply; otherwise the webhook answers "success" at once and the text is sent later (by a
customer-service message through the outbox). A resend of the same message acts on nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bots.dedupe import claim, message_key, remember
from bots.incoming import Incoming
from bots.tasks import TaskTracker
from core.kv import KeyValueStore
from core.settings import BotsSettings

log = logging.getLogger(__name__)
SORRY = "系统繁忙，请稍后再试。"
Work = Callable[[], Awaitable[str | None]]
Later = Callable[[str], Awaitable[None]]


async def answer_once(
    webhook: str,
    message: Incoming,
    work: Work,
    later: Later | None,
    *,
    kv: KeyValueStore,
    tasks: TaskTracker,
    settings: BotsSettings,
) -> str | None:
    key = message_key(webhook, message)
    first, given = await claim(kv, key, settings.dedupe_ttl_seconds)
    if not first:
        return given  # a resend: the same answer again, nothing done twice
    task = tasks.spawn(_safely(work), name=f"{webhook}:{key}")
    await asyncio.wait({task}, timeout=settings.reply_within_seconds)
    if task.done():
        reply = task.result()
        await remember(kv, key, reply or "", settings.dedupe_ttl_seconds)
        return reply
    tasks.spawn(_answer_later(task, later, kv, key, settings), name=f"{webhook}:later:{key}")
    return None


async def _safely(work: Work) -> str | None:
    try:
        return await work()
    except Exception:
        log.exception("a chat message could not be handled")
        return SORRY


async def _answer_later(
    task: asyncio.Task[str | None],
    later: Later | None,
    kv: KeyValueStore,
    key: str,
    settings: BotsSettings,
) -> None:
    reply = await task
    # A resend from now on gets nothing more: the answer goes out by the later channel.
    await remember(kv, key, "", settings.dedupe_ttl_seconds)
    if reply and later is not None:
        await later(reply)
    elif reply:
        log.info("a late chat answer has no channel to go by; dropped")
