"""Time the console's audit-log page reads (workflows/audit_reading.py) on PostgreSQL.

    python -m bench.audit_trail [CASES]   (needs PostgreSQL at 127.0.0.1)

Seeds 40 departments, CASES cases with 4 audit entries each, CASES/3 tickets with 3 each, and
administrators' entries; then times one page (50 entries and the total) for a county supervisor
(10 departments) unfiltered, by object, by person and by day, and for an unlimited supervisor.
The anchor of the same run is the county supervisor's unfiltered page written by hand in raw
asyncpg (the same SQL shape, no ORM), so the ORM's share can be told from the query's.
Prints the median of 5 runs each.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from core.config import load_settings
from core.crypto import keyring
from core.db import migrate_database, open_database
from models.audit import AuditRecord
from models.cases import Case, CaseChannel, CaseStatus
from models.catalog import ItemType, OnlineDepth, ServiceItem
from models.people import Citizen, Department, StaffAccount, StaffRole
from models.tickets import ContactPreference, Ticket, TicketColumn
from workflows.audit_reading import TrailFilter, read_trail
from workflows.authz import Principal

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
ANCHOR_SQL = """
SELECT * FROM audit_record a
WHERE (a.object_type = 'case' AND a.object_id IN (
         SELECT CAST(c.id AS VARCHAR(64)) FROM service_case c WHERE c.department_id = ANY($1)))
   OR (a.object_type = 'ticket' AND a.object_id IN (
         SELECT CAST(t.id AS VARCHAR(64)) FROM ticket t WHERE t.assigned_department_id = ANY($1)))
ORDER BY a.id DESC LIMIT 50
"""
ANCHOR_COUNT = "SELECT count(*) FROM (" + ANCHOR_SQL.replace("LIMIT 50", "") + ") s"


async def seed(cases: int, now: datetime) -> tuple[list[Department], StaffAccount]:
    rnd = random.Random(11)
    departments = [
        await Department.create(code=f"D{i:02d}", name=f"部门{i}", region=f"区{i % 4}")
        for i in range(40)
    ]
    items = [
        await ServiceItem.create(
            code=f"I{d.id}",
            name="事项",
            item_type=ItemType.LICENSING,
            department=d,
            online_depth=OnlineDepth.FULLY_ONLINE,
            legal_limit_days=20,
            promised_limit_days=10,
            status="published",
        )
        for d in departments
    ]
    citizen = await Citizen.create(openid="o-bench")
    staff = await StaffAccount.create(
        username="handler-bench",
        name="h",
        department=departments[0],
        roles=["handler"],
        password_hash="-",
    )
    rows = []
    for n in range(cases):
        d = rnd.randrange(40)
        rows.append(
            Case(
                case_no=f"B{n:012d}",
                lookup_secret_hash="0" * 64,
                item=items[d],
                item_version=1,
                item_name="事项",
                promised_limit_days=10,
                department=departments[d],
                channel=rnd.choice(list(CaseChannel)),
                applicant_name="张三",
                status=CaseStatus.ACCEPTED,
                submitted_at=now,
                accepted_at=now,
                due_at=now + timedelta(days=10),
            )
        )
    await Case.bulk_create(rows, batch_size=2000)
    tickets = [
        Ticket(
            citizen=citizen,
            column=TicketColumn.COMPLAINT,
            title="t",
            content="c",
            contact_preference=ContactPreference.IN_APP,
            state="in_handling",
            assigned_department=departments[rnd.randrange(40)],
            intake_department=departments[0],
        )
        for _ in range(cases // 3)
    ]
    await Ticket.bulk_create(tickets, batch_size=2000)
    entries = []
    for kind, ids, per in (
        ("case", await Case.all().values_list("id", flat=True), 4),
        ("ticket", await Ticket.all().values_list("id", flat=True), 3),
    ):
        for object_id in ids:
            for step in range(per):
                entries.append(
                    AuditRecord(
                        actor_kind="staff",
                        actor_id=staff.id if step == 1 else None,
                        action=f"{kind}.step{step}",
                        object_type=kind,
                        object_id=str(object_id),
                        after={"step": step},
                    )
                )
    entries += [
        AuditRecord(
            actor_kind="staff",
            actor_id=1,
            action="staff.roles_changed",
            object_type="staff_account",
            object_id=str(n),
        )
        for n in range(cases // 10)
    ]
    await AuditRecord.bulk_create(entries, batch_size=5000)
    return departments, staff


async def timed(runs: int, read: Callable[[], Awaitable[object]]) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await read()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def main(cases: int) -> None:
    name = f"miniapp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    settings = load_settings(environ={"MINIAPP_DATABASE_URL": url})
    try:
        await migrate_database(settings.database)
        if keyring.installed() is None:  # cases keep the applicant encrypted
            keyring.install(keyring.demo_keyring())
        context = await open_database(settings.database)
        departments, staff = await seed(cases, datetime.now(UTC))
        county = frozenset(d.id for d in departments[:10])
        sup = Principal(
            "staff", 1, departments[0].id, frozenset({StaffRole.SUPERVISOR}), scope=county
        )
        everyone = Principal("staff", 1, departments[0].id, frozenset({StaffRole.SUPERVISOR}))
        some_case = str((await Case.filter(department_id=departments[3].id).first()).id)  # type: ignore[union-attr]
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        day = TrailFilter(since=today - timedelta(days=1), until=today + timedelta(days=1))
        filters = {
            "county, unfiltered": (sup, TrailFilter()),
            "county, one case": (sup, TrailFilter("case", some_case)),
            "county, one person": (sup, TrailFilter(username=staff.username)),
            "county, one day": (sup, day),
            "unlimited, unfiltered": (everyone, TrailFilter()),
        }
        results = {}
        for label, (principal, wanted) in filters.items():
            results[label] = await timed(
                5, lambda p=principal, w=wanted: read_trail(p, w, offset=0, limit=50)
            )
        pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
        ids = sorted(county)

        async def anchor() -> None:
            await pool.fetch(ANCHOR_SQL, ids)
            await pool.fetchval(ANCHOR_COUNT, ids)

        anchor_time = await timed(5, anchor)
        await pool.close()
        total = await AuditRecord.all().count()
        print(f"{cases} cases, {cases // 3} tickets, {total} audit entries, 40 departments")
        print(f"anchor (raw asyncpg, county unfiltered page + count): {anchor_time * 1000:.0f} ms")
        for label, seconds in results.items():
            print(f"{label}: {seconds * 1000:.0f} ms")
        await context.close_connections()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
