"""Fault drill: the worker is killed with SIGKILL mid-batch, then started again. Every message is
delivered exactly once (counted in the WeChat simulator's delivered log through its control API).

    python bench/drill_worker_kill.py [--messages 200] [--kill-after 40]

Embedded SQLite in a temp dir; the simulator answers with latency, so sends are in flight when
the worker dies. Rows it had claimed stay leased until the lease (5 s) runs out; the new worker
then claims them. A card whose earlier send had reached WeChat Work is refused as a duplicate
task_id, which the dispatcher records as delivered rather than sending again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
from tortoise.context import TortoiseContext

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_mix import spawn, wait_until_up  # noqa: E402
from core.db import migrate_database, tortoise_config  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from models.outbox import OutboxMessage  # noqa: E402
from models.people import Department, StaffAccount  # noqa: E402
from tests.security.throwaway import free_port  # noqa: E402
from workflows.outbox import enqueue, to_staff  # noqa: E402

STAFF = 20


async def seed(database: DatabaseSettings, messages: int) -> None:
    await migrate_database(database)
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database))
        department = await Department.create(code="D1", name="部门", region="县")
        staff = [
            await StaffAccount.create(
                username=f"h{n}",
                name=f"h{n}",
                department=department,
                password_hash="x",
                roles=["handler"],
                wecom_userid=f"wx-k-{n}",
            )
            for n in range(STAFF)
        ]
        data = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 1, "message": "请加快"}
        await enqueue(
            [
                to_staff(f"drill:{n}", staff[n % STAFF].id, "urging_notice", data)
                for n in range(messages)
            ]
        )


async def statuses(database: DatabaseSettings) -> Counter[str]:
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database))
        return Counter([str(m.status) for m in await OutboxMessage.all().only("id", "status")])


async def delivered(session: aiohttp.ClientSession, sim: str) -> list[dict]:
    async with session.get(sim + "/__sim/delivered?channel=wecom.app") as response:
        return (await response.json())["messages"]


async def main(messages: int, kill_after: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="worker-drill-"))
    database = DatabaseSettings(url=f"sqlite://{tmp / 'drill.sqlite3'}")
    await seed(database, messages)
    mp, wecom = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
    env.update(
        MINIAPP_DATABASE_URL=database.url, MINIAPP_LOGGING_LEVEL="WARNING",
        MINIAPP_WECHAT_API_BASE=f"http://127.0.0.1:{mp}", MINIAPP_WECHAT_APPID="wx-demo-appid",
        MINIAPP_WECHAT_SECRET="demo-secret", MINIAPP_WECOM_API_BASE=f"http://127.0.0.1:{wecom}",
        MINIAPP_WECOM_CORPID="ww-demo-corp", MINIAPP_WECOM_SECRET="demo-corpsecret",
        MINIAPP_WECOM_AGENTID="1000002", MINIAPP_NOTIFY_POLL_SECONDS="0.2",
        MINIAPP_NOTIFY_LEASE_SECONDS="5", MINIAPP_NOTIFY_QUIET_START="00:00:00",
        MINIAPP_NOTIFY_QUIET_END="00:00:00",
    )  # fmt: skip
    python = sys.executable
    simulator = spawn([python, "-m", "devtools.wechat_sim", "--mp-port", str(mp),
                       "--wecom-port", str(wecom)], env)  # fmt: skip
    sim = f"http://127.0.0.1:{wecom}"
    worker = None
    try:
        async with aiohttp.ClientSession() as session:
            await wait_until_up(session, sim + "/__sim/log")
            for n in range(STAFF):
                await session.post(sim + "/__sim/wecom_users", json={"userid": f"wx-k-{n}"})
            await session.post(sim + "/__sim/latency", json={"seconds": 0.05})
            worker = spawn([python, "-m", "miniapp_api", "worker"], env)
            while len(await delivered(session, sim)) < kill_after:  # noqa: ASYNC110 (polls HTTP)
                await asyncio.sleep(0.02)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            at_kill = len(await delivered(session, sim))
            print(f"killed the worker (SIGKILL) after {at_kill} deliveries; outbox:",
                  dict(await statuses(database)))  # fmt: skip
            worker = spawn([python, "-m", "miniapp_api", "worker"], env)
            began = time.monotonic()
            while time.monotonic() - began < 120:
                if (await statuses(database)).get("sent", 0) == messages:
                    break
                await asyncio.sleep(0.5)
            final = await delivered(session, sim)
    finally:
        for process in (worker, simulator):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
    outbox = await statuses(database)
    tasks = Counter(m["payload"]["template_card"]["task_id"] for m in final)
    doubled = [task for task, n in tasks.items() if n > 1]
    print(f"after restart: outbox {dict(outbox)}; delivered {len(final)} to WeChat Work, "
          f"{len(tasks)} distinct, doubled {doubled}")  # fmt: skip
    ok = outbox.get("sent", 0) == messages and len(final) == len(tasks) == messages
    print("DRILL PASSED" if ok else "DRILL FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--kill-after", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.kill_after))
