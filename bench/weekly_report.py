"""Time the weekly report on PostgreSQL over a county-sized history.

    python -m bench.weekly_report [CASES]   (needs PostgreSQL at 127.0.0.1)

Seeds 40 departments in 4 regions, CASES cases and CASES/3 tickets over 8 weeks, CASES/10 cards,
then times the whole report and one department's; prints the median of 5 runs each.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from core.config import load_settings
from core.db import migrate_database, open_database
from models.cases import Case, CaseChannel, CaseStatus
from models.catalog import ItemType, OnlineDepth, ServiceItem
from models.people import Citizen, Department
from models.supervision import CardColour, Deadline, SupervisionCard
from models.tickets import ContactPreference, Ticket, TicketColumn
from workflows.reports.build import compute
from workflows.reports.period import last_full_week

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TZ = ZoneInfo("Asia/Shanghai")


async def seed(cases: int, now: datetime) -> list[Department]:
    rnd = random.Random(7)
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

    def moment() -> datetime:
        return now - timedelta(minutes=rnd.randrange(8 * 7 * 24 * 60))

    rows = []
    for n in range(cases):
        d = rnd.randrange(40)
        submitted = moment()
        decided = submitted + timedelta(days=rnd.randrange(1, 15)) if rnd.random() < 0.8 else None
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
                status=CaseStatus.APPROVED if decided else CaseStatus.ACCEPTED,
                submitted_at=submitted,
                accepted_at=submitted,
                decided_at=decided,
                due_at=submitted + timedelta(days=10),
            )
        )
    await Case.bulk_create(rows, batch_size=2000)
    tickets = [
        Ticket(
            citizen=citizen,
            column=rnd.choice(list(TicketColumn)),
            title="t",
            content="c",
            contact_preference=ContactPreference.IN_APP,
            state="in_handling",
            assigned_department=departments[rnd.randrange(40)],
            intake_department=departments[0],
            accepted_at=moment(),
            due_at=moment(),
        )
        for _ in range(cases // 3)
    ]
    await Ticket.bulk_create(tickets, batch_size=2000)
    for n in range(cases // 10):
        d = departments[rnd.randrange(40)]
        issued = moment()
        deadline = await Deadline.create(
            subject_type="bench", subject_id=n, department=d, title="t", due_at=issued,
            limit_working_days=5, started_at=issued,
        )  # fmt: skip
        await SupervisionCard.create(
            deadline=deadline, department=d, colour=rnd.choice(list(CardColour)),
            issued_at=issued, due_at=issued,
        )  # fmt: skip
    return departments


async def timed(runs: int, **scope: object) -> float:
    period = last_full_week(datetime.now(UTC), TZ)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await compute(period, datetime.now(UTC), **scope)  # type: ignore[arg-type]
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def main(cases: int) -> None:
    name = f"miniapp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    settings = load_settings(
        environ={"MINIAPP_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
    )
    try:
        await migrate_database(settings.database)
        context = await open_database(settings.database)
        departments = await seed(cases, datetime.now(UTC))
        whole = await timed(5, department_id=None, region=None)
        one = await timed(5, department_id=departments[3].id, region=None)
        print(f"{cases} cases, {cases // 3} tickets, {cases // 10} cards, 40 departments")
        print(f"whole report: {whole * 1000:.0f} ms; one department: {one * 1000:.0f} ms")
        await context.close_connections()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
