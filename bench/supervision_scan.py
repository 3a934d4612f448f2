"""Time the supervision scan over a million open matters on PostgreSQL, two workers at once.

    python -m bench.supervision_scan [MATTERS] [OVERDUE_EVERY]
    (needs PostgreSQL at 127.0.0.1; defaults 1,000,000 and 100: 10,000 cards)

Seeds MATTERS running deadlines (one in OVERDUE_EVERY already overdue, the rest due 3 to 90 days
ahead), a handler and a supervisor, then times two `issue_cards` running side by side (as two
workers would): the first scan issues those cards, each exactly once (checked), with their audit
records and 3 alerts each; later scans find nothing new and show the steady cost of the one
indexed query the worker runs every `scan_seconds`.
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
from models.audit import AuditRecord
from models.outbox import OutboxMessage
from models.people import Department, StaffAccount
from models.supervision import SupervisionCard
from workflows.calendar_service import CalendarService
from workflows.supervision.cards import issue_cards

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# One matter in OVERDUE_EVERY is already overdue; the rest fall due 3 to 90 days ahead.
SEED_SQL = """
INSERT INTO deadline (created_at, updated_at, subject_type, subject_id, department_id, title,
                      state, due_at, limit_working_days, started_at)
SELECT now(), now(), 'case', n, $1, 'bench ' || n, 'running',
       CASE WHEN n % $3 = 0 THEN now() - interval '1 day'
            ELSE now() + interval '3 days' + (n % 88) * interval '1 day' END,
       10, now() - interval '5 days'
FROM generate_series(1, $2) AS n
"""


async def main(matters: int, overdue_every: int) -> None:
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
        await raw.execute(SEED_SQL, department.id, matters, overdue_every)
        for name_, roles in (("handler", ["handler"]), ("supervisor", ["supervisor"])):
            await StaffAccount.create(
                username=name_, name=name_, department=department, password_hash="x",
                roles=roles, wecom_userid=f"wx-{name_}",
            )  # fmt: skip
        await raw.execute("ANALYZE deadline")
        await raw.close()
        calendar = await CalendarService(settings.calendar).current()
        started = time.perf_counter()
        now = datetime.now(UTC)
        halves = await asyncio.gather(
            *(issue_cards(now, calendar, settings.supervision) for _ in range(2))
        )
        first_seconds = time.perf_counter() - started
        first = [card for half in halves for card in half]
        per_deadline = await SupervisionCard.all().values_list("deadline_id", flat=True)
        doubled = len(per_deadline) - len(set(per_deadline))
        alerts = await OutboxMessage.filter(subject_type="supervision_card").count()
        audited = await AuditRecord.filter(action__startswith="card.").count()
        steady = []
        for _ in range(5):
            started = time.perf_counter()
            again = await issue_cards(datetime.now(UTC), calendar, settings.supervision)
            steady.append(time.perf_counter() - started)
        cards = await SupervisionCard.all().count()
        print(
            f"{matters} open matters; first scan (2 workers at once) issued {len(first)} cards "
            f"({' + '.join(str(len(h)) for h in halves)}) in {first_seconds:.2f} s "
            f"({len(first) / first_seconds:.0f} cards/s; at most SCAN_LIMIT per run)"
        )
        print(f"cards issued twice: {doubled}; alerts {alerts}; audit records {audited}")
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
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
            int(sys.argv[2]) if len(sys.argv) > 2 else 100,
        )
    )
