"""Fault drill: PostgreSQL restarts under load. Requests fail cleanly (503 + Retry-After, never
500), succeed again afterwards, nothing is half-written, and a client that retries with the same
Idempotency-Key ends with exactly one ticket per intent.

    python bench/drill_pg_restart.py [--seconds 20] [--down 3]

Uses a throw-away PostgreSQL cluster of its own (initdb in a temp dir, another port, binaries
from $PG_BIN or /usr/lib/postgresql/15/bin), never the machine's shared one; Redis is the shared
one under a key prefix of our own. One server process; 16 connections create tickets and read
items; the cluster is stopped (fast) after a third of the run and started again `--down` s later.
Consistency: every ticket has its "submitted" timeline step and its audit record (one transaction).
Each ticket the client means to open is an intent with its own Idempotency-Key, written into the
ticket's text as a marker; a 503 (or a lost connection) is retried with the same key after
Retry-After (at most RETRY_WAIT_CAP s) until it is answered. At the end every intent must have
exactly one ticket: none lost, none doubled, including those committed while the client heard 503.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import redis.asyncio as aioredis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_cases import PREFIX, REDIS_URL, seed  # noqa: E402
from bench.run_mix import spawn, wait_until_up  # noqa: E402
from core.db import open_database  # noqa: E402
from core.kv import RedisStore  # noqa: E402
from core.sessions import SessionStore  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from models.people import Citizen  # noqa: E402
from tests.security.throwaway import free_port  # noqa: E402

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TICKET = {"column": "consult", "title": "营业执照怎么办", "content": "请问需要哪些材料"}
RETRY_WAIT_CAP = 2.0  # seconds; the server says Retry-After: 5
FINISH_WITHIN = 60.0  # seconds after the run for the intents still being retried
PER_INTENT = r"""
SELECT substring(content from '\[intent ([a-z0-9-]+)\]') AS intent, count(*) AS tickets
FROM ticket GROUP BY 1
"""
CONSISTENCY = """
SELECT
  (SELECT count(*) FROM ticket) AS tickets,
  (SELECT count(*) FROM ticket t WHERE NOT EXISTS (
     SELECT 1 FROM ticket_timeline_entry e WHERE e.ticket_id = t.id)) AS without_timeline,
  (SELECT count(*) FROM ticket t WHERE NOT EXISTS (
     SELECT 1 FROM audit_record a WHERE a.object_type = 'ticket'
     AND a.object_id = t.id::text)) AS without_audit
"""


def as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres account then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", os.environ.get("PG_OS_USER", "postgres"), "--", *command]


def init_cluster(data: Path) -> None:
    initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    subprocess.run(as_owner(initdb), check=True, stdout=subprocess.DEVNULL)


def pg_ctl(data: Path, *args: str) -> None:
    subprocess.run(as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", *args]), check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


async def sessions_for(url: str, count: int) -> list[dict[str, str]]:
    context = await open_database(DatabaseSettings(url=url))
    store = RedisStore(REDIS_URL, PREFIX)
    sessions = SessionStore(store, {"citizen": 3600, "staff": 3600})
    headers = []
    for n in range(count):
        citizen = await Citizen.create(openid=f"drill-{n}")
        token, _ = await sessions.issue("citizen", citizen.id)
        headers.append({"Authorization": f"Bearer {token}"})
    await store.close()
    await context.close_connections()
    return headers


@dataclass
class Intents:
    answered: dict[str, int] = field(default_factory=dict)  # intent -> attempts it took
    replayed: set[str] = field(default_factory=set)  # answered from the stored answer
    retried_503: set[str] = field(default_factory=set)
    unanswered: set[str] = field(default_factory=set)


async def load(base: str, headers: list[dict[str, str]], seconds: float, on_time: Any) -> Any:
    timeline: list[tuple[float, str, int]] = []
    intents = Intents()
    began = time.perf_counter()

    async def attempt(session: aiohttp.ClientSession, n: int, intent: str | None) -> Any:
        write = intent is not None
        method, path = ("POST", "/api/tickets") if write else ("GET", "/api/items/BENCH-1")
        extra = {"Idempotency-Key": intent} if write else {}
        body = {**TICKET, "content": f"{TICKET['content']} [intent {intent}]"} if write else None
        retry_after, replayed = 0.0, False
        try:
            async with session.request(
                method, base + path, json=body, headers={**headers[n], **extra},
                timeout=aiohttp.ClientTimeout(total=15),
            ) as response:  # fmt: skip
                await response.read()
                retry = response.headers.get("Retry-After")
                replayed = response.headers.get("Idempotency-Replayed") == "true"
                status = response.status
                if status == 503 and not retry:
                    status = -503  # a 503 without Retry-After counts as a fault
                retry_after = float(retry or 0)
        except (TimeoutError, aiohttp.ClientError):
            status = 0
        timeline.append((time.perf_counter() - began, method, status))
        return status, retry_after, replayed

    async def open_ticket(session: aiohttp.ClientSession, n: int, intent: str) -> None:
        # Retry with the same key until answered; past the run, give up after FINISH_WITHIN.
        for tries in itertools.count(1):
            status, retry_after, replayed = await attempt(session, n, intent)
            if status not in (503, 0, 409):  # 409: the first try is still running somewhere
                intents.answered[intent] = tries
                if replayed:
                    intents.replayed.add(intent)
                return
            if status == 503:
                intents.retried_503.add(intent)
            if time.perf_counter() - began > seconds + FINISH_WITHIN:
                intents.unanswered.add(intent)
                return
            await asyncio.sleep(min(retry_after or 0.2, RETRY_WAIT_CAP))

    async def worker(n: int) -> None:
        async with aiohttp.ClientSession() as session:
            for i in itertools.count():
                if time.perf_counter() - began >= seconds:
                    return
                if n % 2 == 0:
                    await open_ticket(session, n, f"drill-{n}-{i}")
                else:
                    await attempt(session, n, None)

    await asyncio.gather(on_time(), *(worker(n) for n in range(16)))
    return timeline, intents


async def main(seconds: float, down: float) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pg-drill-"))
    data, port = tmp / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(tmp, os.environ.get("PG_OS_USER", "postgres"))
    init_cluster(data)
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1"
    pg_ctl(data, "-o", options, "-l", str(tmp / "pg.log"), "start")
    server = None
    try:
        admin = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres")
        await admin.execute('CREATE DATABASE "drill"')
        await admin.close()
        url = f"postgres://postgres@127.0.0.1:{port}/drill"
        await seed(url)
        headers = await sessions_for(url, 16)
        api = free_port()
        env = {**os.environ, "MINIAPP_DATABASE_URL": url, "MINIAPP_REDIS_URL": REDIS_URL,
               "MINIAPP_REDIS_PREFIX": PREFIX, "MINIAPP_LOGGING_LEVEL": "WARNING",
               "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0"}  # fmt: skip
        server = spawn([sys.executable, "-m", "miniapp_api", "serve", "--port", str(api)], env)
        base = f"http://127.0.0.1:{api}"
        async with aiohttp.ClientSession() as session:
            await wait_until_up(session, base + "/healthz")
        outage: dict[str, float] = {}

        async def restart() -> None:
            await asyncio.sleep(seconds / 3)
            began = time.perf_counter()
            await asyncio.to_thread(pg_ctl, data, "-m", "fast", "stop")
            await asyncio.sleep(down)
            await asyncio.to_thread(pg_ctl, data, "-o", options, "-l", str(tmp / "pg.log"), "start")
            outage["ended"] = time.perf_counter() - began + seconds / 3

        timeline, intents = await load(base, headers, seconds, restart)
        connection = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
        counts = dict(await connection.fetchrow(CONSISTENCY))
        per_intent = {row["intent"]: row["tickets"] for row in await connection.fetch(PER_INTENT)}
        await connection.close()
        report(timeline, outage["ended"], counts, intents, per_intent)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        pg_ctl(data, "-m", "immediate", "stop")
        shutil.rmtree(tmp, ignore_errors=True)
        client = aioredis.from_url(REDIS_URL)
        keys = [key async for key in client.scan_iter(match=PREFIX + "*", count=500)]
        if keys:
            await client.delete(*keys)
        await client.aclose()


def report(
    timeline: list[tuple[float, str, int]],
    ended: float,
    counts: dict[str, int],
    intents: Intents,
    per_intent: dict[str | None, int],
) -> None:
    before = Counter(s for t, _, s in timeline if t < ended)
    after = Counter(s for t, _, s in timeline if t >= ended + 2)
    created = sum(1 for _, m, s in timeline if m == "POST" and s == 201)
    print(f"until the database was back (+{ended:.1f} s): {dict(before)}")
    print(f"from 2 s after it was back: {dict(after)}")
    print(f"ticket requests answered 201: {created}; consistency: {counts}")
    answered = set(intents.answered)
    doubled = {i: n for i, n in per_intent.items() if n > 1}
    missing = sorted(i for i in answered if per_intent.get(i, 0) != 1)
    # Committed while the client was told 503: its retry was answered from the stored answer.
    healed = intents.replayed & intents.retried_503
    print(
        f"intents: {len(answered) + len(intents.unanswered)}, answered {len(answered)}, "
        f"unanswered {len(intents.unanswered)}; retried after a 503: {len(intents.retried_503)}, "
        f"of which committed before the 503 (replayed on retry): {len(healed)}; "
        f"most tries for one intent: {max(intents.answered.values(), default=0)}"
    )
    print(
        f"tickets: {counts['tickets']}, intents with exactly one ticket: "
        f"{sum(1 for i in answered if per_intent.get(i) == 1)}, doubled: {len(doubled)}, "
        f"answered but missing: {len(missing)}, tickets without an intent marker: "
        f"{per_intent.get(None, 0)}"
    )
    faults = sum(
        n for s, n in (before + after).items() if s in (0, -503) or (s >= 500 and s != 503)
    )
    ok = (faults == 0 and after.get(503, 0) == 0 and after.get(200, 0) > 0
          and counts["without_timeline"] == counts["without_audit"] == 0
          and not doubled and not missing and not intents.unanswered
          and counts["tickets"] == len(answered))  # fmt: skip
    print("DRILL PASSED" if ok else "DRILL FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--down", type=float, default=3.0)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.down))
