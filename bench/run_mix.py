"""The realistic mix on PostgreSQL + Redis: 2 server processes, 1 worker, the WeChat simulator.

    bench/run [--seconds 60] [--concurrency 32] [--citizens 300]

70% reads (getItem, listItems, searchItems, lookupProgress, listSlots) and 30% writes
(createBooking, createTicket), spread round-robin over the two servers; then the same driver
against a bare aiohttp endpoint for scale. Prints requests/s, p50/p95/p99, errors (5xx or no
answer; a 409 for a full slot is a right answer, counted apart), and the RSS of each process.
A throw-away database and Redis key prefix are created and removed. Env as bench/load_cases.py.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import redis.asyncio as aioredis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_cases import PG_ADMIN, PG_BASE, PREFIX, REDIS_URL, RUN, seed  # noqa: E402
from core.db import open_database  # noqa: E402
from core.kv import RedisStore  # noqa: E402
from core.sessions import SessionStore  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from models.catalog import ServiceHall, ServiceItem  # noqa: E402
from models.people import Citizen  # noqa: E402

# BENCH_PORT_BASE: another run (another worktree's) may hold the default ports.
_BASE = int(os.environ.get("BENCH_PORT_BASE", "18321"))
PORTS = (_BASE, _BASE + 1)
BARE_PORT, SIM_MP, SIM_WECOM = _BASE + 2, _BASE + 3, _BASE + 4
HOURS = {day: ["08:00", "20:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MIX = [  # (weight, name)
    (25, "getItem"), (10, "listItems"), (5, "searchItems"), (15, "lookupProgress"),
    (15, "listSlots"), (15, "createBooking"), (15, "createTicket"),
]  # fmt: skip


async def seed_mix(url: str, citizens: int) -> dict[str, Any]:
    case_no, secret = await seed(url)
    context = await open_database(DatabaseSettings(url=url))
    item = await ServiceItem.get(code="BENCH-1").prefetch_related("department")
    hall = await ServiceHall.create(
        code="BENCH-HALL", name="县政务服务中心", region="县", address="人民路 1 号",
        opening_hours=HOURS, department=item.department,
    )  # fmt: skip
    await hall.items.add(item)
    store = RedisStore(REDIS_URL, PREFIX)
    sessions = SessionStore(store, {"citizen": 86400, "staff": 86400})
    headers = []
    for n in range(citizens):
        citizen = await Citizen.create(openid=f"bench-mix-{n}")
        token, _ = await sessions.issue("citizen", citizen.id)
        headers.append({"Authorization": f"Bearer {token}"})
    await store.close()
    await context.close_connections()
    return {
        "case_no": case_no,
        "secret": secret,
        "hall": hall.id,
        "item": item.id,
        "headers": headers,
    }


def request_for(name: str, world: dict[str, Any]) -> tuple[str, str, Any, dict[str, str]]:
    who = random.choice(world["headers"])
    if name == "getItem":
        return "GET", "/api/items/BENCH-1", None, {}
    if name == "listItems":
        return "GET", "/api/items", None, {}
    if name == "searchItems":
        return "GET", "/api/items/search?q=营业执照", None, {}
    if name == "lookupProgress":
        return (
            "POST",
            "/api/cases/lookup",
            {"case_no": world["case_no"], "secret": world["secret"]},
            {},
        )
    if name == "listSlots":
        return (
            "GET",
            f"/api/booking/slots?hall_id={world['hall']}&item_id={world['item']}",
            None,
            who,
        )
    if name == "createBooking":
        return "POST", "/api/bookings", {"slot_id": random.choice(world["slots"])}, who
    body = {"column": "consult", "title": "营业执照怎么办", "content": "请问需要哪些材料"}
    return "POST", "/api/tickets", body, who


async def drive(
    session: aiohttp.ClientSession, bases: list[str], world: dict[str, Any] | None,
    seconds: float, workers: int,
) -> dict[str, Any]:  # fmt: skip
    names = [name for weight, name in MIX for _ in range(weight)]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    base_cycle = itertools.cycle(bases)
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            if world is None:
                method, path, body, headers = "GET", "/json", None, {}
            else:
                method, path, body, headers = request_for(random.choice(names), world)
            started = time.perf_counter()
            try:
                async with session.request(
                    method, next(base_cycle) + path, json=body, headers=headers
                ) as response:
                    await response.read()
                    statuses[str(response.status)] += 1
            except aiohttp.ClientError:
                statuses["no answer"] += 1
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    errors = sum(n for s, n in statuses.items() if s == "no answer" or s.startswith("5"))
    return {"rps": len(latencies) / elapsed, "p50": pct(0.5), "p95": pct(0.95),
            "p99": pct(0.99), "errors": errors, "statuses": dict(statuses)}  # fmt: skip


def spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env)


def rss_mb(pid: int) -> tuple[float, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def wait_until_up(session: aiohttp.ClientSession, url: str) -> None:
    for _ in range(1200):  # 2 minutes: a server starts slowly on a loaded machine
        try:
            async with session.get(url) as response:
                if response.status < 500:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def main(seconds: float, workers: int, citizens: int) -> None:
    name = f"miniapp_bench_{RUN}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        world = await seed_mix(url, citizens)
        env = {
            **os.environ,
            "MINIAPP_DATABASE_URL": url,
            "MINIAPP_REDIS_URL": REDIS_URL,
            "MINIAPP_REDIS_PREFIX": PREFIX,
            "MINIAPP_LOGGING_LEVEL": "WARNING",
            "MINIAPP_WECHAT_API_BASE": f"http://127.0.0.1:{SIM_MP}",
            "MINIAPP_WECHAT_APPID": "wx-demo-appid",
            "MINIAPP_WECHAT_SECRET": "demo-secret",
            "MINIAPP_WECOM_API_BASE": f"http://127.0.0.1:{SIM_WECOM}",
            # Limits are tested elsewhere; here one address stands for many phones.
            "MINIAPP_CASES_LOOKUP_PER_IP_PER_MINUTE": "100000000",
            "MINIAPP_CASES_LOOKUP_PER_CASE_PER_HOUR": "100000000",
            "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
            "MINIAPP_BOOKING_MIN_LEAD_MINUTES": "0",
            # The worker should really work during the run, whatever the hour.
            "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
            "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
            # The bench's throw-away data, encrypted under the public demo key.
            "MINIAPP_PROTECTION_DEMO_KEYS": "true",
        }
        python = sys.executable
        sim = [
            "-m",
            "devtools.wechat_sim",
            "--mp-port",
            str(SIM_MP),
            "--wecom-port",
            str(SIM_WECOM),
        ]
        commands = {
            "simulator": sim,
            "server 1": ["-m", "miniapp_api", "serve", "--port", str(PORTS[0])],
            "server 2": ["-m", "miniapp_api", "serve", "--port", str(PORTS[1])],
            "worker": ["-m", "miniapp_api", "worker"],
            "bare aiohttp": ["bench/bare_server.py", str(BARE_PORT)],
        }
        for label, args in commands.items():
            processes[label] = spawn([python, *args], env)
        bases = [f"http://127.0.0.1:{port}" for port in PORTS]
        connector = aiohttp.TCPConnector(limit=workers)
        async with aiohttp.ClientSession(connector=connector) as session:
            for base in bases:
                await wait_until_up(session, base + "/healthz")
            await wait_until_up(session, f"http://127.0.0.1:{BARE_PORT}/json")
            slots_url = (
                f"{bases[0]}/api/booking/slots?hall_id={world['hall']}&item_id={world['item']}"
            )
            async with session.get(slots_url, headers=world["headers"][0]) as response:
                world["slots"] = [slot["id"] for slot in (await response.json())["slots"]]
            await drive(session, bases, world, 2.0, workers)  # warm-up
            app = await drive(session, bases, world, seconds, workers)
            rss = {label: rss_mb(p.pid) for label, p in processes.items() if label != "simulator"}
            bare = await drive(session, [f"http://127.0.0.1:{BARE_PORT}"], None, seconds, workers)
        sent = await admin_count(url)
        report(seconds, workers, app, bare, rss, sent)
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=20)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        client = aioredis.from_url(REDIS_URL)
        keys = [key async for key in client.scan_iter(match=PREFIX + "*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()


async def admin_count(url: str) -> dict[str, int]:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await connection.fetch("SELECT status, count(*) AS n FROM outbox_message GROUP BY 1")
        return {row["status"]: row["n"] for row in rows}
    finally:
        await connection.close()


def report(
    seconds: float, workers: int, app: dict[str, Any], bare: dict[str, Any],
    rss: dict[str, tuple[float, float]], outbox: dict[str, int],
) -> None:  # fmt: skip
    print(f"\n{seconds:.0f} s each, {workers} concurrent connections, {os.cpu_count()} CPUs")
    print(f"{'target':<28}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, r in (("mix, 2 servers + worker", app), ("bare aiohttp, 1 process", bare)):
        print(
            f"{label:<28}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8}"
        )
    print("mix statuses:", ", ".join(f"{s}: {n}" for s, n in sorted(app["statuses"].items())))
    print("outbox after the run:", outbox)
    print("RSS MB (now / peak):", ", ".join(f"{k} {a:.0f}/{b:.0f}" for k, (a, b) in rss.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--citizens", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.concurrency, args.citizens))
