"""The realistic mix on PostgreSQL + Redis: 2 server processes, 1 worker, the WeChat simulator.

    bench/run [--seconds 60] [--rounds 1] [--concurrency 32] [--citizens 300]
              [--profile PATH [--gil]]

70% reads (getItem, listItems, searchItems, lookupProgress, listSlots) and 30% writes
(createBooking, createTicket), spread round-robin over the two servers; then the same driver
against a bare aiohttp endpoint for scale, alternating mix and bare `--rounds` times so a busy
machine weighs on both alike. Prints requests/s, p50/p95/p99, errors (5xx or no answer; a 409
for a full slot is a right answer, counted apart), the ratio of each round, a table per
operation (its share of the mix's time says where to look first), and the RSS of each process.
`--profile PATH` records server 1 with py-spy (raw, for flame graphs) during the first mix round
(`--gil`: only Python at work); the profiler is $PY_SPY or py-spy on the PATH. CPU time per
request, by process, is printed too: unlike req/s it hardly moves with the machine's load.
A throw-away database and Redis key prefix are created and removed. Env as bench/load_cases.py.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import shutil
import statistics
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
    by_operation: dict[str, list[float]] = {}
    statuses: Counter[str] = Counter()
    statuses_by_operation: dict[str, Counter[str]] = {}
    base_cycle = itertools.cycle(bases)
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            if world is None:
                name = "bare"
                method, path, body, headers = "GET", "/json", None, {}
            else:
                name = random.choice(names)
                method, path, body, headers = request_for(name, world)
            started = time.perf_counter()
            try:
                async with session.request(
                    method, next(base_cycle) + path, json=body, headers=headers
                ) as response:
                    await response.read()
                    status = str(response.status)
            except aiohttp.ClientError:
                status = "no answer"
            took = time.perf_counter() - started
            statuses[status] += 1
            statuses_by_operation.setdefault(name, Counter())[status] += 1
            latencies.append(took)
            by_operation.setdefault(name, []).append(took)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    elapsed = time.perf_counter() - began
    result = summary(latencies, statuses, elapsed)
    result["operations"] = {
        name: summary(taken, statuses_by_operation[name], elapsed)
        for name, taken in by_operation.items()
    }
    return result


def summary(latencies: list[float], statuses: Counter[str], elapsed: float) -> dict[str, Any]:
    latencies = sorted(latencies)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    errors = sum(n for s, n in statuses.items() if s == "no answer" or s.startswith("5"))
    return {"rps": len(latencies) / elapsed, "p50": pct(0.5), "p95": pct(0.95),
            "p99": pct(0.99), "errors": errors, "statuses": dict(statuses),
            "count": len(latencies), "seconds": sum(latencies)}  # fmt: skip


def spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env)


def rss_mb(pid: int) -> tuple[float, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far: unlike wall time, what a request costs
    does not grow with the load of whoever else shares the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a database backend that closed meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def backend_pids(admin: asyncpg.Connection, database: str) -> list[int]:
    rows = await admin.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", database)
    return [row["pid"] for row in rows]


async def cpu_of(
    processes: dict[str, subprocess.Popen[bytes]], admin: asyncpg.Connection, database: str
) -> dict[str, float]:
    cpu = {label: cpu_seconds(p.pid) for label, p in processes.items() if label != "simulator"}
    cpu["postgres"] = sum(cpu_seconds(pid) for pid in await backend_pids(admin, database))
    cpu["driver"] = sum(os.times()[:2])
    return cpu


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


def record_profile(pid: int, path: str, seconds: float, gil: bool) -> subprocess.Popen[bytes]:
    py_spy = os.environ.get("PY_SPY") or shutil.which("py-spy") or "py-spy"
    command = [
        py_spy,
        "record",
        "-p",
        str(pid),
        "-o",
        path,
        "--format",
        "raw",
        "--nonblocking",
        "-r",
        "250",
    ]
    # --gil: only samples holding the GIL, i.e. Python at work. Without it, a loaded machine's
    # waits for a CPU show up as time in socket send() (the wake-up of the peer preempts us).
    options = ["--gil"] if gil else []
    return subprocess.Popen([*command, *options, "-d", str(max(1, int(seconds)))], cwd=ROOT)


async def main(
    seconds: float,
    workers: int,
    citizens: int,
    rounds_wanted: int,
    profile: str | None,
    gil: bool,
) -> None:
    name = f"miniapp_bench_{RUN}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        world = await seed_mix(url, citizens)
        # Opened now: by the end, a busy server may have no connection left to give.
        counter = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
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
            bare_base = [f"http://127.0.0.1:{BARE_PORT}"]
            rounds: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for number in range(rounds_wanted):
                recorder = None
                if profile and number == 0:
                    recorder = record_profile(processes["server 1"].pid, profile, seconds, gil)
                before = await cpu_of(processes, admin, name)
                app = await drive(session, bases, world, seconds, workers)
                middle = await cpu_of(processes, admin, name)
                if recorder is not None:
                    recorder.wait(timeout=60)
                rss = {k: rss_mb(p.pid) for k, p in processes.items() if k != "simulator"}
                bare = await drive(session, bare_base, None, seconds, workers)
                after = await cpu_of(processes, admin, name)
                app["cpu"] = {k: middle[k] - before[k] for k in before}
                bare["cpu"] = {k: after[k] - middle[k] for k in before}
                rounds.append((app, bare))
        sent = await admin_count(counter)
        await counter.close()
        report(seconds, workers, rounds, rss, sent)
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


async def admin_count(connection: asyncpg.Connection) -> dict[str, int]:
    rows = await connection.fetch("SELECT status, count(*) AS n FROM outbox_message GROUP BY 1")
    return {row["status"]: row["n"] for row in rows}


def report(
    seconds: float, workers: int, rounds: list[tuple[dict[str, Any], dict[str, Any]]],
    rss: dict[str, tuple[float, float]], outbox: dict[str, int],
) -> None:  # fmt: skip
    print(
        f"\n{len(rounds)} round(s) of {seconds:.0f} s each, mix then bare, {workers} concurrent"
        f" connections, {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text()[:14]}"
    )
    print(f"{'target':<28}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'ratio':>8}")  # fmt: skip
    for number, (app, bare) in enumerate(rounds, 1):
        for label, r in (
            (f"{number}: mix, 2 servers+worker", app),
            (f"{number}: bare aiohttp", bare),
        ):
            ratio = f"{app['rps'] / bare['rps']:>8.3f}" if r is app else ""
            print(
                f"{label:<28}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
                f"{r['errors']:>8}{ratio}"
            )
    for number, (app, _) in enumerate(rounds, 1):
        if app["errors"]:
            shown = ", ".join(f"{s}: {n}" for s, n in sorted(app["statuses"].items()))
            print(f"round {number} statuses: {shown}")
    ratios = [app["rps"] / bare["rps"] for app, bare in rounds]
    print(f"median ratio mix / bare: {statistics.median(ratios):.3f}")
    print("\nCPU ms per request (all rounds; postgres = this database's backends):")
    for label, which in (("mix", 0), ("bare", 1)):
        count = sum(pair[which]["count"] for pair in rounds)
        used = {k: sum(pair[which]["cpu"][k] for pair in rounds) for k in rounds[0][which]["cpu"]}
        shown = ", ".join(f"{k} {1000 * v / count:.2f}" for k, v in used.items() if v > 0)
        print(f"  {label:<5} {1000 * sum(used.values()) / count:6.2f} in all: {shown}")
    app = rounds[-1][0]
    print(f"\nper operation (last mix round): {'n':>6}{'req/s':>7}{'time %':>8}{'p50':>7}"
          f"{'p95':>7}{'p99':>7}  statuses")  # fmt: skip
    total = sum(r["seconds"] for r in app["operations"].values())
    for name, r in sorted(app["operations"].items(), key=lambda item: -item[1]["seconds"]):
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(r["statuses"].items()))
        print(
            f"{name:<31}{r['count']:>6}{r['rps']:>7.0f}{100 * r['seconds'] / total:>8.1f}"
            f"{r['p50']:>7.0f}{r['p95']:>7.0f}{r['p99']:>7.0f}  {shown}"
        )
    print("mix statuses:", ", ".join(f"{s}: {n}" for s, n in sorted(app["statuses"].items())))
    print("outbox after the run:", outbox)
    print("RSS MB (now / peak):", ", ".join(f"{k} {a:.0f}/{b:.0f}" for k, (a, b) in rss.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--citizens", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", help="py-spy raw output for server 1, first mix round")
    parser.add_argument("--gil", action="store_true", help="profile only samples holding the GIL")
    args = parser.parse_args()
    asyncio.run(
        main(args.seconds, args.concurrency, args.citizens, args.rounds, args.profile, args.gil)
    )
