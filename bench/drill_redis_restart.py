"""Fault drill: Redis restarts (empty) under a server with many people logged in; nobody is
signed out, and nobody is signed out while it is down either.

    python bench/drill_redis_restart.py [--sessions 352] [--down 2]

Uses a redis-server of its own on an OS-chosen port (no persistence, so a restart loses every
key, as a crash without AOF would), never the machine's shared Redis; the database is a
throw-away one on the shared PostgreSQL, dropped afterwards. One server process; the citizens
log in through the real flow (wx.login code -> login, against the WeChat simulator). Then:
every session answers getMe; Redis stops; every session answers again (from the database);
Redis starts empty; every session answers again. Prints "sessions lost: N" for each phase.
Env: BENCH_PG_ADMIN_URL, BENCH_PG_BASE (defaults: local services).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_mix import spawn, wait_until_up  # noqa: E402
from core.db import migrate_database  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from devtools.wechat_sim import SimulatorState, create_mp_app  # noqa: E402
from tests.security.throwaway import ThrowawayRedis, free_port  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BASE = os.environ.get("BENCH_PG_BASE", "postgres://postgres@127.0.0.1:5432")
RUN = uuid.uuid4().hex[:8]
CONCURRENCY = 16


async def log_in(session: aiohttp.ClientSession, base: str, codes: list[str]) -> list[str]:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(code: str) -> str:
        async with gate, session.post(base + "/api/auth/login", json={"code": code}) as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["token"])

    return await asyncio.gather(*(one(code) for code in codes))


async def still_signed_in(session: aiohttp.ClientSession, base: str, tokens: list[str]) -> Counter:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        async with gate, session.get(base + "/api/me", headers=headers) as response:
            await response.read()
            return response.status

    return Counter(await asyncio.gather(*(one(token) for token in tokens)))


def report(phase: str, statuses: Counter, total: int) -> int:
    lost = total - statuses.get(200, 0)
    print(f"{phase}: getMe answers {dict(statuses)}; sessions lost: {lost}")
    return lost


async def main(count: int, down: float) -> None:
    name = f"miniapp_drill_{RUN}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = f"{PG_BASE}/{name}"
    tmp = Path(tempfile.mkdtemp(prefix="redis-drill-"))
    redis = ThrowawayRedis(tmp)
    state = SimulatorState()
    simulator = web.AppRunner(create_mp_app(state))
    server = None
    lost = 0
    try:
        await migrate_database(DatabaseSettings(url=url))
        redis.start()
        await simulator.setup()
        site = web.TCPSite(simulator, "127.0.0.1", 0)
        await site.start()
        sim_port = simulator.addresses[0][1]
        api = free_port()
        env = {**os.environ, "MINIAPP_DATABASE_URL": url, "MINIAPP_REDIS_URL": redis.url,
               "MINIAPP_REDIS_PREFIX": f"miniapp-drill-{RUN}:", "MINIAPP_LOGGING_LEVEL": "WARNING",
               "MINIAPP_WECHAT_API_BASE": f"http://127.0.0.1:{sim_port}",
               "MINIAPP_WECHAT_APPID": state.appid, "MINIAPP_WECHAT_SECRET": state.secret,
               "MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": str(count * 2)}  # fmt: skip
        server = spawn([sys.executable, "-m", "miniapp_api", "serve", "--port", str(api)], env)
        base = f"http://127.0.0.1:{api}"
        async with aiohttp.ClientSession() as session:
            await wait_until_up(session, base + "/healthz")
            codes = [state.issue_login_code(f"drill-{n}") for n in range(count)]
            began = time.perf_counter()
            tokens = await log_in(session, base, codes)
            print(f"{count} citizens logged in ({time.perf_counter() - began:.1f} s)")
            lost += report("before", await still_signed_in(session, base, tokens), count)

            await asyncio.to_thread(redis.stop)
            lost += report("Redis down", await still_signed_in(session, base, tokens), count)
            await asyncio.sleep(down)
            await asyncio.to_thread(redis.start)  # empty: no RDB, no AOF
            await wait_until_up(session, base + "/healthz")
            began = time.perf_counter()
            after = await still_signed_in(session, base, tokens)
            lost += report("after the restart", after, count)
            print(f"  (read back from the database in {time.perf_counter() - began:.1f} s)")
            lost += report("again, from the refilled cache", await still_signed_in(
                session, base, tokens), count)  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        await simulator.cleanup()
        redis.stop()
        admin = await asyncpg.connect(PG_ADMIN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    print("DRILL PASSED" if lost == 0 else "DRILL FAILED")
    if lost:
        raise SystemExit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=352)
    parser.add_argument("--down", type=float, default=2.0)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.down))
