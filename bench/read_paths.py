"""The read paths beside their anchors, with wrk: one run, interleaved rounds, medians and ratios.

    .venv/bin/python bench/read_paths.py [--seconds 8] [--connections 64] [--rounds 3]
                                         [--only getCase,...] [--profile getCase]

Seeds a throw-away PostgreSQL database (bench/load_cases.seed plus a hall, slots and a citizen
with a few cases and a session), starts one `python -m miniapp_api serve` process on PostgreSQL +
Redis, the shared anchor (../shared/bench/anchor_server.py: /json, /item, /lookup) and
bench/read_anchor.py (getCase, listMyCases, listSlots in raw asyncpg + redis), and runs `wrk -t1`
over every target in turn. The catalog targets are compared with the bare endpoint, the others
with the anchor doing the same work. `--profile NAME` records the server with py-spy while wrk
runs that target (one round) and writes its collapsed stacks to $TMPDIR/profile-NAME.txt.
Needs wrk (`apt-get install wrk`). Env as bench/load_cases.py, and BENCH_READS_PORT (18431: the
server's port, the anchors on the next two).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

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
from workflows.authz import Principal  # noqa: E402
from workflows.calendar import WorkingCalendar  # noqa: E402
from workflows.cases.apply import Application, submit_case  # noqa: E402
from workflows.clock import utc_now  # noqa: E402

SHARED_ANCHOR = ROOT.parent / "shared" / "bench" / "anchor_server.py"
# BENCH_READS_PORT moves the three ports, so two runs on one machine do not measure each other.
_BASE = int(os.environ.get("BENCH_READS_PORT", "18431"))
SERVER, ANCHOR, READ_ANCHOR = _BASE, _BASE + 1, _BASE + 2
HOURS = {day: ["08:00", "20:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MY_CASES = 5


async def seed_reads(url: str) -> dict[str, Any]:
    case_no, secret = await seed(url)
    context = await open_database(DatabaseSettings(url=url))
    item = await ServiceItem.get(code="BENCH-1").prefetch_related("department")
    hall = await ServiceHall.create(
        code="BENCH-HALL", name="县政务服务中心", region="县", address="人民路 1 号",
        opening_hours=HOURS, department=item.department,
    )  # fmt: skip
    await hall.items.add(item)
    citizen = await Citizen.get(openid="bench-openid")
    for n in range(MY_CASES - 1):
        await submit_case(
            Principal(kind="citizen", id=citizen.id),
            Application(item_code="BENCH-1", applicant_name=f"王{n}", applicant_phone="1390000111"),
            WorkingCalendar(),
            utc_now(),
            5,
        )
    store = RedisStore(REDIS_URL, PREFIX)
    token, _ = await SessionStore(store, {"citizen": 86400, "staff": 86400}).issue(
        "citizen", citizen.id
    )
    await store.close()
    case_id = (await citizen.cases.all().order_by("id").first()).id  # type: ignore[union-attr]
    await context.close_connections()
    return {"case_no": case_no, "secret": secret, "hall": hall.id, "item": item.id,
            "token": token, "case_id": case_id}  # fmt: skip


def targets(world: dict[str, Any]) -> list[tuple[str, str, str, Any, bool]]:
    """(name, its anchor's name, url, POST body, authenticated)"""
    project = f"http://127.0.0.1:{SERVER}"
    anchor, reads = f"http://127.0.0.1:{ANCHOR}", f"http://127.0.0.1:{READ_ANCHOR}"
    lookup = {"case_no": world["case_no"], "secret": world["secret"]}
    by_phone = {"case_no": world["case_no"], "phone_last4": "1111"}  # bench/load_cases' applicant
    slots = f"hall_id={world['hall']}&item_id={world['item']}"
    return [
        ("bare", "", f"{anchor}/json", None, False),
        ("getItem", "bare", f"{project}/api/items/BENCH-1", None, False),
        ("listItems", "bare", f"{project}/api/items", None, False),
        ("searchItems", "bare", f"{project}/api/items/search?q=%E8%90%A5%E4%B8%9A", None, False),
        ("raw lookup", "", f"{anchor}/lookup", lookup, False),
        ("lookupProgress", "raw lookup", f"{project}/api/cases/lookup", lookup, False),
        ("raw phone", "", f"{reads}/lookup-phone", by_phone, False),
        ("lookupByPhone", "raw phone", f"{project}/api/cases/lookup", by_phone, False),
        ("raw case", "", f"{reads}/case/{world['case_id']}", None, True),
        ("getCase", "raw case", f"{project}/api/cases/{world['case_id']}", None, True),
        ("raw cases", "", f"{reads}/cases", None, True),
        ("listMyCases", "raw cases", f"{project}/api/cases", None, True),
        ("raw slots", "", f"{reads}/slots?{slots}", None, True),
        ("listSlots", "raw slots", f"{project}/api/booking/slots?{slots}", None, True),
    ]


def wrk(url: str, body: Any, token: str | None, seconds: int, connections: int) -> tuple:
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    if body is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                'wrk.method="POST"\nwrk.headers["Content-Type"]="application/json"\n'
                f"wrk.body={json.dumps(json.dumps(body))}\n"
            )
        args += ["-s", script.name]
    out = subprocess.run([*args, url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def latency(p: int) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)  # type: ignore[union-attr]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency(50), latency(99), int(bad.group(1)) if bad else 0


def spawn(command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def look_once(url: str, token: str) -> None:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    urllib.request.urlopen(request, timeout=30).read()


def rss_mb(pid: int) -> int:
    return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) // 1024


async def main(args: argparse.Namespace) -> None:
    name = f"miniapp_reads_{RUN}"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        world = await seed_reads(url)
        env = {
            **os.environ, "MINIAPP_DATABASE_URL": url, "MINIAPP_REDIS_URL": REDIS_URL,
            "MINIAPP_REDIS_PREFIX": PREFIX, "MINIAPP_LOGGING_LEVEL": "WARNING",
            "MINIAPP_CASES_LOOKUP_PER_IP_PER_MINUTE": "100000000",
            "MINIAPP_CASES_LOOKUP_PER_CASE_PER_HOUR": "100000000",
        }  # fmt: skip
        python = sys.executable
        server = spawn([python, "-m", "miniapp_api", "serve", "--port", str(SERVER)], env)
        reads = [python, "bench/read_anchor.py", str(READ_ANCHOR), url, REDIS_URL, PREFIX]
        processes += [
            server,
            spawn([python, str(SHARED_ANCHOR), str(ANCHOR), url, REDIS_URL]),
            spawn(reads),
        ]
        wait_up(f"http://127.0.0.1:{SERVER}/api/health")
        wait_up(f"http://127.0.0.1:{ANCHOR}/json")
        wait_up(f"http://127.0.0.1:{READ_ANCHOR}/cases")  # 401 without a token: it is up
        chosen = targets(world)
        # listSlots makes the bookable days' slots the first time someone looks: look once now,
        # or the anchor's first round (run before listSlots') reads none.
        look_once(next(t for t in chosen if t[0] == "listSlots")[2], world["token"])
        if args.only:
            wanted = set(args.only.split(","))
            keep = wanted | {t[1] for t in chosen if t[0] in wanted}
            chosen = [t for t in chosen if t[0] in keep]
        if args.profile:
            target = next(t for t in chosen if t[0] == args.profile)
            out = Path(tempfile.gettempdir()) / f"profile-{args.profile}.txt"
            py_spy = shutil.which("py-spy") or str(Path(python).parent / "py-spy")
            spy = spawn([py_spy, "record", "-f", "raw", "-o", str(out),
                         "-d", str(args.seconds), "-p", str(server.pid), "-r", "250",
                         "--nonblocking"])  # fmt: skip
            print(wrk(target[2], target[3], world["token"] if target[4] else None,
                      args.seconds, args.connections))  # fmt: skip
            spy.wait()
            print(f"profile: {out}")
            return
        results: dict[str, list[tuple]] = {t[0]: [] for t in chosen}
        for _ in range(args.rounds):
            for label, _, target, body, auth in chosen:
                token = world["token"] if auth else None
                results[label].append(wrk(target, body, token, args.seconds, args.connections))
        medians = {
            k: tuple(statistics.median(r[i] for r in rs) for i in range(4))
            for k, rs in results.items()
        }
        print(f"wrk -t1 -c{args.connections} -d{args.seconds}s, {args.rounds} rounds interleaved, "
              f"medians; server RSS {rss_mb(server.pid)} MB; load {os.getloadavg()}")  # fmt: skip
        print(f"{'target':<16}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non2xx':>8}  ratio")
        for label, anchor, *_ in chosen:
            rps, p50, p99, bad = medians[label]
            ratio = f"{rps / medians[anchor][0]:.2f} of {anchor}" if anchor in medians else ""
            print(f"{label:<16}{rps:>9.0f}{p50:>9.2f}{p99:>9.2f}{bad:>8.0f}  {ratio}")
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
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated target names (their anchors come along)")
    parser.add_argument("--profile", help="record the server with py-spy during this target")
    asyncio.run(main(parser.parse_args()))
