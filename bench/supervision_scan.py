"""Time the supervision scan over a million open matters on PostgreSQL.

    python -m bench.supervision_scan [MATTERS]   (needs PostgreSQL at 127.0.0.1; default 1,000,000)

Seeds MATTERS running deadlines (one in a thousand already overdue, the rest due 3 to 90 days
ahead), then times `issue_cards`: the first scan issues those cards, later scans find nothing
new and show the steady cost of the one indexed query the worker runs every `scan_seconds`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime

import asyncpg

from core.config import load_settings
from core.db import migrate_database, open_database
from models.people import Department
from models.supervision import SupervisionCard
from workflows.calendar_service import CalendarService
from workflows.supervision.cards import issue_cards

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# One matter in a thousand is already overdue; the rest fall due 3 to 90 days ahead.
SEED_SQL = """
INSERT INTO deadline (created_at, updated_at, subject_type, subject_id, department_id, title,
                      state, due_at, limit_working_days, started_at)
SELECT now(), now(), 'case', n, $1, 'bench ' || n, 'running',
       CASE WHEN n % 1000 = 0 THEN now() - interval '1 day'
            ELSE now() + interval '3 days' + (n % 88) * interval '1 day' END,
       10, now() - interval '5 days'
FROM generate_series(1, $2) AS n
"""


async def main(matters: int) -> None:
    name = f"miniapp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    settings = load_settings(environ={"MINIAPP_DATABASE_URL": url})
    try:
        await migrate_database(settings.database)
        context = await open_database(settings.database)
        department = await Department.create(code="D", name="部门", region="县")
        raw = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
        await raw.execute(SEED_SQL, department.id, matters)
        await raw.execute("ANALYZE deadline")
        await raw.close()
        calendar = await CalendarService(settings.calendar).current()
        started = time.perf_counter()
        first = await issue_cards(datetime.now(UTC), calendar, settings.supervision)
        first_seconds = time.perf_counter() - started
        steady = []
        for _ in range(5):
            started = time.perf_counter()
            again = await issue_cards(datetime.now(UTC), calendar, settings.supervision)
            steady.append(time.perf_counter() - started)
        cards = await SupervisionCard.all().count()
        print(
            f"{matters} open matters; first scan issued {len(first)} cards "
            f"in {first_seconds:.2f} s (the scan takes at most SCAN_LIMIT per run)"
        )
        print(
            f"steady scan (nothing new after catching up): median "
            f"{statistics.median(steady) * 1000:.0f} ms; cards in the table: {cards}; "
            f"last scan issued {len(again)}"
        )
        await context.close_connections()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
