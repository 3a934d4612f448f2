"""Backup drill: seed cases, dump with deploy/backup.sh, restore with deploy/restore.sh into a
fresh database, and check every row of every table is there (count and checksum per table).

    python bench/drill_backup_restore.py [--cases 500]

Works on throw-away databases (dropped afterwards) on the local PostgreSQL.
Env: BENCH_PG_ADMIN_URL, BENCH_PG_BASE (defaults: local services). Exit 0 only if all matches.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_cases import seed  # noqa: E402
from core.db import open_database  # noqa: E402
from core.settings import DatabaseSettings  # noqa: E402
from models.cases import Case  # noqa: E402
from models.people import Citizen  # noqa: E402
from workflows.authz import Principal  # noqa: E402
from workflows.calendar import WorkingCalendar  # noqa: E402
from workflows.cases.apply import Application, submit_case  # noqa: E402

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BASE = os.environ.get("BENCH_PG_BASE", "postgres://postgres@127.0.0.1:5432")
Fingerprint = dict[str, tuple[int, str]]


async def seed_cases(url: str, count: int) -> None:
    """bench/load_cases.py's county and first case, then more applications like it."""
    await seed(url)
    context = await open_database(DatabaseSettings(url=url))
    try:
        calendar, now = WorkingCalendar(), datetime.now(UTC)
        for number in range(1, count):
            citizen = await Citizen.create(openid=f"drill-openid-{number}")
            await submit_case(
                Principal(kind="citizen", id=citizen.id),
                Application(
                    item_code="BENCH-1",
                    applicant_name=f"申请人{number}",
                    applicant_phone=f"139{number:08d}",
                ),
                calendar,
                now,
                5,
            )
        assert await Case.all().count() == count
    finally:
        await context.close_connections()


async def fingerprint(url: str) -> Fingerprint:
    """Rows and an md5 over every row's text, per table (rows sorted by their text), and where
    every id sequence stands."""
    connection = await asyncpg.connect(url)
    try:
        tables = [
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        result: Fingerprint = {}
        for table in tables:
            row = await connection.fetchrow(
                f"SELECT count(*) AS n, coalesce(md5(string_agg(t::text, E'\\n' "
                f"ORDER BY t::text)), '') AS sum FROM \"{table}\" t"
            )
            result[table] = (row["n"], row["sum"])
        # Sequences too: a restore without them would hand out ids that already exist.
        for row in await connection.fetch(
            "SELECT sequencename, coalesce(last_value, 0) AS last FROM pg_sequences "
            "WHERE schemaname = 'public'"
        ):
            result["sequence " + row["sequencename"]] = (row["last"], "")
        return result
    finally:
        await connection.close()


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def size_of(path: str) -> int:
    return Path(path).stat().st_size


async def main(cases: int) -> int:
    run_id = uuid.uuid4().hex[:8]
    source, copy = f"miniapp_drill_{run_id}", f"miniapp_drill_{run_id}_restored"
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'CREATE DATABASE "{source}"')
    try:
        with tempfile.TemporaryDirectory(prefix="miniapp-drill-") as backups:
            started = time.perf_counter()
            await seed_cases(f"{PG_BASE}/{source}", cases)
            seeded = time.perf_counter() - started
            before = await fingerprint(f"{PG_BASE}/{source}")
            env = {
                "PATH": os.environ.get("PATH", ""),
                "MINIAPP_BACKUP_DATABASE_URL": f"{PG_BASE}/{source}",
                "MINIAPP_BACKUP_DIR": backups,
                "MINIAPP_RESTORE_ADMIN_URL": PG_ADMIN,
            }
            started = time.perf_counter()
            dump = run([str(ROOT / "deploy" / "backup.sh")], env).strip().splitlines()[-1]
            dumped = time.perf_counter() - started
            started = time.perf_counter()
            run([str(ROOT / "deploy" / "restore.sh"), dump, copy], env)
            restored = time.perf_counter() - started
            after = await fingerprint(f"{PG_BASE}/{copy}")
            size = size_of(dump)
    finally:
        for name in (source, copy):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()

    differing = sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
    print(f"seeded {cases} cases in {seeded:.1f} s; dump {size / 1024:.0f} KiB in {dumped:.1f} s;")
    print(f"restored into a fresh database in {restored:.1f} s")
    print(f"service_case: {before['service_case'][0]} before, {after['service_case'][0]} after")
    if differing:
        print("DIFFERENT after restore: " + ", ".join(differing))
        return 1
    tables = {t: v for t, v in before.items() if not t.startswith("sequence ")}
    rows = sum(n for n, _ in tables.values())
    print(
        f"every case is there: {len(tables)} tables, {rows} rows, counts and checksums equal; "
        f"{len(before) - len(tables)} sequences where they were"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    sys.exit(asyncio.run(main(parser.parse_args().cases)))
