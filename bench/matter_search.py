"""How long does the console's matter search take when names and phones must be decrypted?

    python -m bench.matter_search [MATTERS]   (needs PostgreSQL at 127.0.0.1; default 2,000)

Seeds MATTERS cases and MATTERS tickets in one department (names and phones sealed with SM4 as
in production, under the public demo key), then times `search_matters` for a name fragment, the
phone's last four digits, a case number and a whole phone (the blind index for tickets). The
anchor, in the same run: reading the same rows' ids alone (what an index lookup would cost), and
the same rows with their sealed fields but no decryption.
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
from core.crypto import keyring
from core.crypto.indexes import phone_index
from core.db import migrate_database, open_database
from models.cases import Case, CaseChannel
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department, StaffRole
from models.tickets import ContactPreference, Ticket, TicketColumn, TicketState
from workflows.authz import Principal
from workflows.matter_search import search_matters

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SURNAMES = "王李张刘陈杨赵黄周吴"
ROUNDS = 15


async def _seed(matters: int) -> Department:
    department = await Department.create(code="D", name="部门", region="县")
    item = await ServiceItem.create(
        code="I", name="营业执照变更登记", item_type=ItemType.LICENSING, department=department,
        online_depth=OnlineDepth.FULLY_ONLINE, legal_limit_days=20, promised_limit_days=5,
        materials=[], status=ItemStatus.PUBLISHED,
    )  # fmt: skip
    now = datetime.now(UTC)
    cases = [
        Case(
            case_no=f"20261201{n:05d}",
            lookup_secret_hash="x",
            item=item,
            item_version=1,
            item_name=item.name,
            promised_limit_days=5,
            department=department,
            channel=CaseChannel.ONLINE,
            applicant_name=f"{SURNAMES[n % 10]}某{n}",
            applicant_phone=f"139{n:08d}",
            submitted_at=now,
        )
        for n in range(matters)
    ]
    await Case.bulk_create(cases, batch_size=500)
    tickets = [
        Ticket(
            column=TicketColumn.COMPLAINT,
            title=f"诉求 {n}",
            content="内容",
            contact_name=f"{SURNAMES[n % 10]}某{n}",
            contact_phone=f"138{n:08d}",
            contact_phone_index=phone_index(f"138{n:08d}"),
            contact_preference=ContactPreference.PHONE,
            state=TicketState.IN_HANDLING,
            assigned_department=department,
        )
        for n in range(matters)
    ]
    await Ticket.bulk_create(tickets, batch_size=500)
    return department


async def _time(label: str, call) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = await call()
        times.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(times)
    print(f"{label:<44} p50 {p50:7.1f} ms   max {max(times):7.1f} ms   ({len(result)} rows)")
    return p50


async def main(matters: int) -> None:
    name = f"miniapp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    environ = {"MINIAPP_DATABASE_URL": url, "MINIAPP_PROTECTION_DEMO_KEYS": "true"}
    settings = load_settings(environ=environ)
    if keyring.installed() is None:
        keyring.install(keyring.demo_keyring())
    try:
        await migrate_database(settings.database)
        context = await open_database(settings.database)
        department = await _seed(matters)
        handler = Principal(
            kind="staff", id=1, department_id=department.id, roles=frozenset({StaffRole.HANDLER})
        )
        print(f"{matters} cases and {matters} tickets in one department")
        ids = Case.filter(department_id=department.id).order_by("-id").limit(2000)
        await _time("anchor: ids of the newest 2000 cases", lambda: ids.values_list("id"))
        table = Case._meta.db_table
        raw = f'SELECT id, applicant_name, applicant_phone FROM "{table}" ORDER BY id DESC'
        raw += " LIMIT 2000"
        await _time(
            "anchor: sealed name+phone, not decrypted",
            lambda: Case._meta.db.execute_query_dict(raw),
        )
        for label, text in (
            ("search name fragment 某17", "某17"),
            ("search last four digits 0042", "0042"),
            ("search case number 2026120100042", "2026120100042"),
            ("search whole phone 13800000042", "13800000042"),
        ):
            await _time(label, lambda text=text: search_matters(handler, text))
        await context.close_connections()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
