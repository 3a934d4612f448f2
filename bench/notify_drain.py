"""Drain N outbox messages with 2 dispatchers on PostgreSQL + Redis into the WeChat simulator.

    python -m bench.notify_drain [N]   (needs PostgreSQL and Redis at 127.0.0.1)

Prints messages/s, duplicates (cards delivered twice) and lost (rows not sent). The simulator
runs in this process, so the figure is a floor. Both dispatchers share one event loop.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import aiohttp
import asyncpg

from core.config import load_settings
from core.db import migrate_database, open_database
from core.kv import open_store
from devtools.wechat_sim import SimulatorState, start_simulators
from models.outbox import OutboxMessage, OutboxStatus
from models.people import Department, StaffAccount
from notify.service import build_dispatcher
from workflows.outbox import enqueue, to_staff

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def main(total: int) -> None:
    name = f"miniapp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    state = SimulatorState()
    state.register_wecom_user("wx-bench")
    runner, mp, wecom = await start_simulators(state)
    settings = load_settings(
        environ={
            "MINIAPP_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "MINIAPP_REDIS_URL": "redis://127.0.0.1:6379/0",
            "MINIAPP_REDIS_PREFIX": f"bench-{name}:",
            "MINIAPP_WECHAT_API_BASE": mp,
            "MINIAPP_WECOM_API_BASE": wecom,
            "MINIAPP_WECOM_CORPID": state.corpid,
            "MINIAPP_WECOM_SECRET": state.corpsecret,
            "MINIAPP_WECOM_AGENTID": str(state.agentid),
            "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
            "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
            # e.g. MINIAPP_NOTIFY_BATCH_SIZE, MINIAPP_NOTIFY_CONCURRENCY to try other settings
            **{k: v for k, v in os.environ.items() if k.startswith("MINIAPP_NOTIFY_")},
        }
    )
    try:
        await migrate_database(settings.database)
        context = await open_database(settings.database)
        department = await Department.create(code="B", name="b", region="b")
        staff = await StaffAccount.create(
            username="b",
            name="b",
            department=department,
            password_hash="x",
            wecom_userid="wx-bench",
        )
        data = {"title": "bench", "due_at": "2026-11-24", "deadline_id": 1, "message": "m"}
        for start in range(0, total, 1000):
            await enqueue(
                [
                    to_staff(f"b:{i}", staff.id, "urging_notice", data)
                    for i in range(start, min(total, start + 1000))
                ]
            )
        kv = open_store(settings.redis.url, settings.redis.prefix)
        now = datetime.now(UTC) + timedelta(seconds=1)
        async with aiohttp.ClientSession() as http:
            workers = [build_dispatcher(settings, kv, http, worker_id=w) for w in ("w1", "w2")]

            async def drain(worker) -> None:  # type: ignore[no-untyped-def]
                while await worker.deliver_due(now):
                    pass

            began = time.perf_counter()
            await asyncio.gather(*(drain(w) for w in workers))
            elapsed = time.perf_counter() - began
        task_ids = [d.payload["template_card"]["task_id"] for d in state.delivered]
        sent = await OutboxMessage.filter(status=OutboxStatus.SENT).count()
        print(f"{total} messages in {elapsed:.1f} s: {total / elapsed:.0f} messages/s")
        print(f"duplicates: {len(task_ids) - len(set(task_ids))}, lost: {total - sent}")
        await kv.close()
        await context.close_connections()
    finally:
        await runner.cleanup()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000))
