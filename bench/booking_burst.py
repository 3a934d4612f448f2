"""2,000 simultaneous createBooking calls across 50 slots, against the real app on PostgreSQL
and Redis: prints bookings/s, latency percentiles and the overbooking count (must be 0).

    python -m bench.booking_burst [--requests 2000] [--slots 50] [--capacity 30]
                                  [--in-flight 2000] [--pool 20]

--in-flight caps the requests open at once (default: all of them); --pool is the PostgreSQL
connection pool size of the server (tortoise's maxsize, default 5 when not in the URL).

Uses a throw-away database (created and dropped) on MINIAPP_BENCH_PG_BASE and the Redis at
MINIAPP_BENCH_REDIS_URL under a key prefix of its own, deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
import uuid
from collections import Counter

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
    headers = []
    for citizen_id in await Citizen.all().order_by("id").values_list("id", flat=True):
        token, _ = await app[SESSIONS].issue("citizen", citizen_id)
        headers.append({"Authorization": f"Bearer {token}"})
    return hall.id, item.id, headers


async def run(requests: int, slot_count: int, capacity: int, in_flight: int, pool: int) -> None:
    run_id = uuid.uuid4().hex[:8]
    name, prefix = f"miniapp_bench_{run_id}", f"miniapp-bench-{run_id}:"
    url = f"{PG_BASE}/{name}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        await migrate_database(DatabaseSettings(url=url))
        settings = load_settings(
            environ={
                "MINIAPP_DATABASE_URL": f"{url}?minsize=1&maxsize={pool}",
                "MINIAPP_REDIS_URL": REDIS_URL,
                "MINIAPP_REDIS_PREFIX": prefix,
                "MINIAPP_BOOKING_SLOT_CAPACITY": str(capacity),
                "MINIAPP_BOOKING_MIN_LEAD_MINUTES": "0",
                "MINIAPP_LOGGING_LEVEL": "WARNING",
            }
        )
        app = create_app(settings)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{port}"
        try:
            await burst(app, base, requests, slot_count, capacity, in_flight)
        finally:
            await runner.cleanup()
            await wipe_redis(prefix)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def burst(
    app: web.Application, base: str, requests: int, slot_count: int, capacity: int, in_flight: int
) -> None:
    hall_id, item_id, headers = await seed(app, requests)
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
                f"{base}/api/bookings", json={"slot_id": random.choice(slots)}, headers=headers[n]
            )
            body = await response.read()
            if response.status >= 500 and not errors:
                errors.append(body.decode())
            latencies.append(time.perf_counter() - started)
            return response.status

        started = time.perf_counter()
        statuses = Counter(await asyncio.gather(*(one(n) for n in range(requests))))
        elapsed = time.perf_counter() - started
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
    print(
        f"bookings made {made}  ({made / elapsed:.0f} bookings/s, {requests / elapsed:.0f} req/s)"
    )
    for q in (0.5, 0.95, 0.99):
        print(f"p{int(q * 100)} {latencies[int(q * (len(latencies) - 1))] * 1000:.0f} ms")
    print(f"overbooking count {overbooked}")


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
    args = parser.parse_args()
    in_flight = args.in_flight or args.requests
    asyncio.run(run(args.requests, args.slots, args.capacity, in_flight, args.pool))


if __name__ == "__main__":
    main()
