"""2,000 simultaneous createBooking calls across 50 slots, against the real app on PostgreSQL
and Redis: prints bookings/s, latency percentiles and the overbooking count (must be 0), then
the same burst against the bare aiohttp endpoint (bench/bare_server.py) as the anchor.

    python -m bench.booking_burst [--requests 2000] [--slots 50] [--capacity 30]
                                  [--in-flight 2000] [--pool 20] [--servers 2]
                                  [--profile DIR]

--in-flight caps the requests open at once (default: all of them); --pool is the PostgreSQL
connection pool size of each server; --servers how many `miniapp_api serve` processes share the
burst (round-robin, as behind the load balancer); 0 runs the app inside this process, where the
client's 2,000 coroutines share its event loop (the figure is then a floor). --profile DIR
records each server process with py-spy during the burst (collapsed stacks in
DIR/server-N.txt). "bookings/s" is bookings made / wall time of the burst; the client's CPU
time over that wall time is printed too: near 100% the client, not the servers, sets the pace.

Uses a throw-away database (created and dropped) on MINIAPP_BENCH_PG_BASE and the Redis at
MINIAPP_BENCH_REDIS_URL under a key prefix of its own, deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp
import asyncpg
import redis.asyncio as aioredis
from aiohttp import web

from core.appkeys import SESSIONS
from core.config import load_settings
from core.db import migrate_database
from core.settings import DatabaseSettings
from miniapp_api.app import create_app
from models.booking import Booking, Slot
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from models.people import Citizen, Department

PG_ADMIN = os.environ.get(
    "MINIAPP_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PG_BASE = os.environ.get("MINIAPP_BENCH_PG_BASE", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("MINIAPP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parent.parent


async def admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def seed(app: web.Application, citizens: int) -> tuple[int, int, list[dict[str, str]]]:
    department = await Department.create(code="BENCH", name="压测部门", region="压测县")
    item = await ServiceItem.create(
        code="BENCH-ITEM", name="压测事项", item_type=ItemType.PUBLIC_SERVICE,
        department=department, online_depth=OnlineDepth.AT_MOST_ONE_VISIT,
        legal_limit_days=20, promised_limit_days=5, status=ItemStatus.PUBLISHED,
    )  # fmt: skip
    hours = {d: ["08:00", "20:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    hall = await ServiceHall.create(
        code="BENCH-HALL", name="压测大厅", region="压测县", address="-",
        opening_hours=hours, department=department,
    )  # fmt: skip
    await hall.items.add(item)
    await Citizen.bulk_create([Citizen(openid=f"bench-{n}") for n in range(citizens)])
    ids = await Citizen.all().order_by("id").values_list("id", flat=True)
    # Issued 100 at a time: one by one, the seeding took longer than the burst.
    sessions = []
    for start in range(0, len(ids), 100):
        issuing = (app[SESSIONS].issue("citizen", i) for i in ids[start : start + 100])
        sessions += await asyncio.gather(*issuing)
    headers = [{"Authorization": f"Bearer {token}"} for token, _ in sessions]
    return hall.id, item.id, headers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spawn(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, *args, str(port)], cwd=ROOT, env=env)
    return process, f"http://127.0.0.1:{port}"


async def wait_until_up(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


async def run(
    requests: int,
    slot_count: int,
    capacity: int,
    in_flight: int,
    pool: int,
    servers: int,
    profile: Path | None,
) -> None:
    run_id = uuid.uuid4().hex[:8]
    name, prefix = f"miniapp_bench_{run_id}", f"miniapp-bench-{run_id}:"
    url = f"{PG_BASE}/{name}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        await migrate_database(DatabaseSettings(url=url))
        environ = {
            # The pool size as a setting, not in the URL: the admission gate follows the setting.
            "MINIAPP_DATABASE_URL": f"{url}?minsize=1",
            "MINIAPP_DATABASE_POOL_MAX_SIZE": str(pool),
            "MINIAPP_REDIS_URL": REDIS_URL,
            "MINIAPP_REDIS_PREFIX": prefix,
            "MINIAPP_BOOKING_SLOT_CAPACITY": str(capacity),
            "MINIAPP_BOOKING_MIN_LEAD_MINUTES": "0",
            "MINIAPP_LOGGING_LEVEL": "WARNING",
            # A throw-away database: the demo keys seal its personal fields.
            "MINIAPP_PROTECTION_DEMO_KEYS": "true",
        }
        # This process only seeds (and serves with --servers 0): a pool of `pool` here too would
        # hold 20 more of the server's 100 connections that other runs on the machine need.
        own_pool = pool if servers == 0 else 5
        settings = load_settings(
            environ={**environ, "MINIAPP_DATABASE_POOL_MAX_SIZE": str(own_pool)}
        )
        app = create_app(settings)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        bases = [f"http://127.0.0.1:{port}"]
        env = {**os.environ, **environ}
        processes = [spawn(["-m", "miniapp_api", "serve", "--port"], env) for _ in range(servers)]
        try:
            if processes:
                bases = [base for _, base in processes]
                for base in bases:
                    await wait_until_up(base + "/healthz")
            print(f"{len(bases)} server process(es); load average {os.getloadavg()[0]:.1f}")
            pids = [process.pid for process, _ in processes]
            await burst(app, bases, requests, slot_count, capacity, in_flight, pids, profile, name)
            await anchor(requests, in_flight)
        finally:
            for process, _ in processes:
                process.terminate()
                process.wait(timeout=20)
            await runner.cleanup()
            await wipe_redis(prefix)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def anchor(requests: int, in_flight: int) -> None:
    """The same burst of requests, at once, against the bare aiohttp endpoint."""
    process, base = spawn(["bench/bare_server.py"], dict(os.environ))
    try:
        await wait_until_up(base + "/json")
        gate = asyncio.Semaphore(in_flight)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:

            async def one() -> int:
                async with gate, http.get(f"{base}/json") as response:
                    await response.read()
                    return response.status

            started = time.perf_counter()
            statuses = Counter(await asyncio.gather(*(one() for _ in range(requests))))
            elapsed = time.perf_counter() - started
        print(
            f"anchor: bare aiohttp endpoint, 1 process: {requests} at once in {elapsed:.2f}s "
            f"({requests / elapsed:.0f} req/s), statuses {dict(statuses)}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    finally:
        process.terminate()
        process.wait(timeout=20)


async def burst(
    app: web.Application,
    bases: list[str],
    requests: int,
    slot_count: int,
    capacity: int,
    in_flight: int,
    pids: list[int],
    profile: Path | None,
    database: str,
) -> None:
    hall_id, item_id, headers = await seed(app, requests)
    base = bases[0]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        listing = await http.get(
            f"{base}/api/booking/slots", params={"hall_id": hall_id, "item_id": item_id},
            headers=headers[0],
        )  # fmt: skip
        slots = [s["id"] for s in (await listing.json())["slots"]][:slot_count]
        assert len(slots) == slot_count, f"only {len(slots)} slots open now"
        latencies: list[float] = []
        errors: list[str] = []

        gate = asyncio.Semaphore(in_flight)

        async def one(n: int) -> int:
            async with gate:
                return await timed(n)

        async def timed(n: int) -> int:
            started = time.perf_counter()
            response = await http.post(
                f"{bases[n % len(bases)]}/api/bookings",
                json={"slot_id": random.choice(slots)},
                headers=headers[n],
            )
            body = await response.read()
            if response.status == 429 and "Retry-After" not in response.headers:
                errors.append("429 without Retry-After")
            if response.status >= 500 and not errors:
                errors.append(body.decode())
            latencies.append(time.perf_counter() - started)
            return response.status

        spies = start_profiling(pids, profile)
        backends = await database_backends(database)
        cpu_before = {pid: cpu_seconds(pid) for pid in [*pids, *backends]}
        started, cpu_started = time.perf_counter(), time.process_time()
        statuses = Counter(await asyncio.gather(*(one(n) for n in range(requests))))
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - cpu_started
        backends = await database_backends(database)
        servers_cpu = sum(cpu_seconds(pid) - cpu_before[pid] for pid in pids)
        database_cpu = sum(cpu_seconds(pid) - cpu_before.get(pid, 0.0) for pid in backends)
        stop_profiling(spies)
    if errors:
        print("first server error:", errors[0])
    overbooked = 0
    for slot in await Slot.filter(id__in=slots):
        held = await Booking.filter(slot_id=slot.id).count()
        overbooked += max(0, held - slot.capacity) + (held != slot.booked)
    latencies.sort()
    made = statuses.get(201, 0)
    print(
        f"requests {requests} ({in_flight} in flight) over {slot_count} slots of capacity "
        f"{capacity} in {elapsed:.2f}s"
    )
    print(f"statuses {dict(sorted(statuses.items()))}")
    print(f"client CPU {client_cpu:.2f}s over {elapsed:.2f}s ({client_cpu / elapsed:.0%})")
    if pids:
        print(
            f"CPU per request: servers {servers_cpu / requests * 1000:.2f} ms, "
            f"PostgreSQL backends {database_cpu / requests * 1000:.2f} ms"
        )
    print(
        f"bookings made {made}  ({made / elapsed:.0f} bookings/s, {requests / elapsed:.0f} req/s)"
    )
    for q in (0.5, 0.95, 0.99):
        print(f"p{int(q * 100)} {latencies[int(q * (len(latencies) - 1))] * 1000:.0f} ms")
    print(f"overbooking count {overbooked}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def database_backends(database: str) -> list[int]:
    """The PostgreSQL backends of the bench's database (on this host; this process's own are
    idle during the burst)."""
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1", database
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


def start_profiling(pids: list[int], folder: Path | None) -> list[subprocess.Popen[bytes]]:
    if folder is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return [
        subprocess.Popen([py_spy, "record", "-f", "raw", "-r", "200", "--nonblocking",
                          "-o", str(folder / f"server-{n}.txt"), "-p", str(pid)])
        for n, pid in enumerate(pids)
    ]  # fmt: skip


def stop_profiling(spies: list[subprocess.Popen[bytes]]) -> None:
    # py-spy writes its stacks when interrupted, as after Ctrl-C.
    for spy in spies:
        spy.send_signal(signal.SIGINT)
    for spy in spies:
        spy.wait(timeout=60)


async def wipe_redis(prefix: str) -> None:
    client = aioredis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--slots", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=30)
    parser.add_argument("--in-flight", type=int, default=0, help="0: all at once")
    parser.add_argument("--pool", type=int, default=20)
    parser.add_argument("--servers", type=int, default=2, help="0: the app in this process")
    parser.add_argument("--profile", type=Path, help="py-spy each server into this folder")
    args = parser.parse_args()
    in_flight = args.in_flight or args.requests
    asyncio.run(
        run(args.requests, args.slots, args.capacity, in_flight, args.pool, args.servers,
            args.profile)
    )  # fmt: skip


if __name__ == "__main__":
    main()
