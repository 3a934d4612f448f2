"""Drill: the province goes away under a stream of case steps and comes back.

    python -m bench.exchange_drill [STEPS]   (PostgreSQL and Redis at 127.0.0.1; default 10000)

Walk-in cases (no citizen notices: only the province's rows in the outbox) each go through
register → accept → start_review → approve → deliver while two dispatchers send to the
provincial simulator. A fifth of the way in the simulator is stopped; it stays down until the
last step was recorded and a while after, then starts again on the same port. Then: every step
must be recorded once by the province (0 lost, 0 doubled), in its order per case, and the
reconciliation of the day must report 0 differences. Retries are spaced by [notify]
backoff_*_seconds, shortened here so the drill takes minutes, not the hours of a real outage.
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg

from core.config import load_settings
from core.db import migrate_database, open_database
from core.kv import open_store
from core.province import ProvinceClient
from devtools import province_sim
from devtools.province_sim import ProvinceState
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.people import Department, StaffAccount, StaffRole
from notify.service import build_dispatcher
from worker.exchange_jobs import province_days
from workflows.authz import Principal
from workflows.calendar_service import CalendarService
from workflows.cases.apply import Application, register_walk_in
from workflows.cases.machine import CaseAction
from workflows.cases.transitions import transition_case
from workflows.exchange import switch
from workflows.exchange.reconcile import reconcile_day

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ACTIONS = (CaseAction.ACCEPT, CaseAction.START_REVIEW, CaseAction.APPROVE, CaseAction.DELIVER)
PARALLEL_CASES = 40


async def main(total_steps: int) -> None:
    name = f"miniapp_drill_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    state = ProvinceState(platform_code="county-drill")
    sim_runner, base = await province_sim.start(state)
    port = int(base.rsplit(":", 1)[1])
    settings = load_settings(
        environ={
            "MINIAPP_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "MINIAPP_REDIS_URL": "redis://127.0.0.1:6379/0",
            "MINIAPP_REDIS_PREFIX": f"drill-{name}:",
            "MINIAPP_EXCHANGE_ENABLED": "true",
            "MINIAPP_EXCHANGE_API_BASE": base,
            "MINIAPP_EXCHANGE_PLATFORM_CODE": state.platform_code,
            "MINIAPP_EXCHANGE_OUTBOUND_SECRET": state.outbound_secret,
            "MINIAPP_EXCHANGE_INBOUND_SECRET": state.inbound_secret,
            "MINIAPP_EXCHANGE_TIMEOUT_SECONDS": "2",
            "MINIAPP_NOTIFY_BACKOFF_BASE_SECONDS": "1",
            "MINIAPP_NOTIFY_BACKOFF_MAX_SECONDS": "8",
        }
    )
    switch.configure(True)
    sim_runner_box = [sim_runner]  # the running simulator (a new runner after the restart)
    try:
        await migrate_database(settings.database)
        context = await open_database(settings.database)
        department = await Department.create(code="D", name="县市场监管局", region="drill")
        staff = await StaffAccount.create(
            username="h", name="h", department=department, password_hash="x",
            roles=["clerk", "handler"],
        )  # fmt: skip
        await ServiceItem.create(
            code="ITEM-D", name="食品经营许可", item_type=ItemType.LICENSING,
            department=department, online_depth=OnlineDepth.FULLY_ONLINE, legal_limit_days=20,
            promised_limit_days=10, status=ItemStatus.PUBLISHED,
        )  # fmt: skip
        principal = Principal(
            "staff", staff.id, department.id, frozenset({StaffRole.CLERK, StaffRole.HANDLER})
        )
        calendar = await CalendarService(settings.calendar).current()
        kv = open_store(settings.redis.url, settings.redis.prefix)
        stop = asyncio.Event()
        produced = 0
        outage: dict[str, float] = {}

        async def one_case() -> None:
            nonlocal produced
            application = Application(item_code="ITEM-D", applicant_name="王五")
            case, _ = await register_walk_in(principal, application, calendar, datetime.now(UTC), 5)
            produced += 1
            for action in ACTIONS:
                await transition_case(principal, case.id, action, calendar, datetime.now(UTC))
                produced += 1

        async def produce() -> None:
            cases = total_steps // (1 + len(ACTIONS))
            for start in range(0, cases, PARALLEL_CASES):
                await asyncio.gather(
                    *(one_case() for _ in range(min(PARALLEL_CASES, cases - start)))
                )
                if "down" not in outage and produced >= total_steps // 5:
                    await sim_runner_box[0].cleanup()
                    outage["down"] = time.perf_counter()
                    print(f"province down after {produced} steps", flush=True)

        async def deliver(worker) -> None:  # type: ignore[no-untyped-def]
            while not stop.is_set():
                if not await worker.deliver_due():
                    await asyncio.sleep(0.2)

        async with aiohttp.ClientSession() as http:
            workers = [build_dispatcher(settings, kv, http, worker_id=w) for w in ("w1", "w2")]
            tasks = [asyncio.create_task(deliver(w)) for w in workers]
            began = time.perf_counter()
            await produce()
            print(f"{produced} steps recorded in {time.perf_counter() - began:.0f} s; "
                  f"province holds {len(state.received['case_steps'])}", flush=True)  # fmt: skip
            await asyncio.sleep(15)  # still away a while after the stream ended
            sim_runner_box[0], _ = await province_sim.start(state, port=port)
            back = time.perf_counter()
            print(f"province back after {back - outage['down']:.0f} s down", flush=True)
            for _ in range(3600):  # until every province row is sent (an hour at most)
                unsent = OutboxMessage.filter(channel=Channel.PROVINCE).exclude(
                    status=OutboxStatus.SENT
                )
                if not await unsent.exists():
                    break
                await asyncio.sleep(1)
            drained = time.perf_counter() - back
            stop.set()
            await asyncio.gather(*tasks)
            tz = ZoneInfo(settings.calendar.timezone)
            today = datetime.now(UTC).astimezone(tz).date()
            remote = province_days(ProvinceClient(http, settings.exchange))
            run = await reconcile_day(today, tz, remote, datetime.now(UTC))
        held = len(state.received["case_steps"])
        repeats = sum(state.receipts.values()) - len(state.receipts)
        statuses = await OutboxMessage.filter(channel=Channel.PROVINCE).values_list(
            "status", flat=True
        )
        print(f"caught up {drained:.0f} s after the province came back")
        print(f"steps recorded here: {produced}; held by the province: {held}")
        print(f"lost: {produced - held}, doubled: {state.doubled()}, "
              f"cases out of order: {len(state.out_of_order())} of {len(state.order)}, "
              f"repeats absorbed by event id: {repeats}")  # fmt: skip
        print(f"outbox: {dict((s, statuses.count(s)) for s in set(statuses))}")
        print(f"reconciliation {run.day}: local {run.local_count}, province {run.remote_count}, "
              f"checksums {'equal' if run.local_checksum == run.remote_checksum else 'DIFFER'}, "
              f"missing {run.missing}, unknown {run.unknown}")  # fmt: skip
        await kv.close()
        await context.close_connections()
    finally:
        await sim_runner_box[0].cleanup()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
