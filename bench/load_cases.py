"""Load driver: lookupProgress and getItem on PostgreSQL + Redis, beside a bare aiohttp endpoint.

    python bench/load_cases.py [--seconds 5] [--concurrency 32]

Creates a throw-away database (dropped afterwards) and a Redis key prefix of its own, starts
`python -m miniapp_api serve` and bench/bare_server.py as separate processes, and prints
requests/s, p50 and p99 for each; the ratio to the bare endpoint is the figure we track.
Env: BENCH_PG_ADMIN_URL, BENCH_PG_BASE, BENCH_REDIS_URL (defaults: local services).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import redis.asyncio as aioredis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.db import migrate_database, open_database  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem  # noqa: E402
from models.people import Citizen, Department  # noqa: E402
from workflows.authz import Principal  # noqa: E402
from workflows.calendar import WorkingCalendar  # noqa: E402
from workflows.cases.apply import Application, submit_case  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BASE = os.environ.get("BENCH_PG_BASE", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN = uuid.uuid4().hex[:8]
PREFIX = f"miniapp-bench-{RUN}:"


def _bench_keys() -> None:
    # Personal fields are encrypted (core.crypto): the bench encrypts under the public demo key.
    try:
        from core.crypto import keyring
    except ImportError:  # a tree from before field encryption
        return
    if keyring.installed() is None:
        keyring.install(keyring.demo_keyring())


async def seed(url: str) -> tuple[str, str]:
    _bench_keys()
    await migrate_database(DatabaseSettings(url=url))
    context = await open_database(DatabaseSettings(url=url))
    department = await Department.create(code="BENCH", name="市场监督管理局", region="县")
    await ServiceItem.create(
        code="BENCH-1", name="营业执照变更登记", item_type=ItemType.LICENSING,
        department=department, online_depth=OnlineDepth.FULLY_ONLINE, legal_limit_days=20,
        promised_limit_days=5, materials=[{"name": "申请书"}, {"name": "营业执照副本"}],
        faq=[{"question": "多久办结？", "answer": "5个工作日"}], status=ItemStatus.PUBLISHED,
    )  # fmt: skip
    citizen = await Citizen.create(openid="bench-openid")
    case, secret = await submit_case(
        Principal(kind="citizen", id=citizen.id),
        Application(item_code="BENCH-1", applicant_name="王五", applicant_phone="13900001111"),
        WorkingCalendar(),
        datetime.now(UTC),
        5,
    )
    await context.close_connections()
    return case.case_no, secret


async def drive(
    session: aiohttp.ClientSession, method: str, url: str, body: Any, seconds: float, workers: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            async with session.request(method, url, json=body) as response:
                await response.read()
                if response.status != 200:
                    errors += 1
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": errors,
    }


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env)


async def wait_until_up(session: aiohttp.ClientSession, url: str) -> None:
    for _ in range(200):
        try:
            async with session.get(url) as response:
                if response.status < 500:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def main(seconds: float, workers: int) -> None:
    name = f"miniapp_bench_{RUN}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        case_no, secret = await seed(url)
        env = {
            **os.environ,
            "MINIAPP_DATABASE_URL": url,
            "MINIAPP_REDIS_URL": REDIS_URL,
            "MINIAPP_REDIS_PREFIX": PREFIX,
            "MINIAPP_LOGGING_LEVEL": "WARNING",
            # The limits are what we measure the cost of, not what we want to hit.
            "MINIAPP_CASES_LOOKUP_PER_IP_PER_MINUTE": "100000000",
            "MINIAPP_CASES_LOOKUP_PER_CASE_PER_HOUR": "100000000",
        }
        if "[protection]" in (ROOT / "config.toml").read_text():
            env["MINIAPP_PROTECTION_DEMO_KEYS"] = "true"
        python = sys.executable
        processes.append(start([python, "-m", "miniapp_api", "serve", "--port", "18311"], env))
        processes.append(start([python, "bench/bare_server.py", "18312"], env))
        connector = aiohttp.TCPConnector(limit=workers)
        async with aiohttp.ClientSession(connector=connector) as session:
            await wait_until_up(session, "http://127.0.0.1:18311/api/health")
            await wait_until_up(session, "http://127.0.0.1:18312/json")
            targets = [
                ("bare aiohttp JSON", "GET", "http://127.0.0.1:18312/json", None),
                ("getItem", "GET", "http://127.0.0.1:18311/api/items/BENCH-1", None),
                ("lookupProgress", "POST", "http://127.0.0.1:18311/api/cases/lookup",
                 {"case_no": case_no, "secret": secret}),
                ("lookup by phone", "POST", "http://127.0.0.1:18311/api/cases/lookup",
                 {"case_no": case_no, "phone_last4": "1111"}),
            ]  # fmt: skip
            results = {}
            for label, method, target, body in targets:
                await drive(session, method, target, body, 1.0, workers)  # warm-up
                results[label] = await drive(session, method, target, body, seconds, workers)
        bare = results["bare aiohttp JSON"]["rps"]
        print(f"\n{seconds:.0f} s per endpoint, {workers} concurrent connections, one process each")
        print(
            f"{'endpoint':<20}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs bare':>10}{'errors':>8}"
        )
        for label, r in results.items():
            print(
                f"{label:<20}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
                f"{r['rps'] / bare:>10.2f}{r['errors']:>8.0f}"
            )
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        client = aioredis.from_url(REDIS_URL)
        keys = [key async for key in client.scan_iter(match=PREFIX + "*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.concurrency))
