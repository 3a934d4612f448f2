"""The audit-log viewer: by object, person and day, a page at a time; supervisors read their
matters, the audit administrator everything (administrators' acts too); personal data masked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.people import StaffAccount
from tests.console.supervision_helpers import (
    audit_rows,
    red_card_for,
    staff_headers,
    use_console_as,
)
from workflows.audit import Actor, record_change

SHANGHAI = ZoneInfo("Asia/Shanghai")
MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


async def _matter(client: TestClient, submitted_case: dict[str, Any]) -> str:
    await red_card_for(client, int(submitted_case["id"]), await staff_headers(client, "banli"))
    return str(submitted_case["id"])


async def test_a_supervisor_reads_a_matters_trail_by_object_person_and_day(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    case_id = await _matter(client, submitted_case)
    use_console_as(client, await staff_headers(client, "jiancha"))
    on_case = await AuditRecord.filter(object_type="case", object_id=case_id).count()
    assert on_case >= 2  # submitted by the citizen, accepted by banli
    page = await client.get(f"/console/audit?object_type=case&object_id={case_id}")
    html = await page.text()
    assert page.status == 200 and f"共 {on_case} 条" in html and "banli" in html
    by_banli = await (await client.get("/console/audit?username=banli")).text()
    banli = await StaffAccount.get(username="banli")
    mine = await AuditRecord.filter(actor_kind="staff", actor_id=banli.id).count()
    assert mine >= 1 and f"共 {mine} 条" in by_banli
    nobody = await (await client.get("/console/audit?username=nobody")).text()
    assert "没有用户名为“nobody”的工作人员" in nobody and "共 0 条" in nobody
    today = datetime.now(SHANGHAI).date()
    assert "共 0 条" not in await (await client.get(f"/console/audit?day={today}")).text()
    yesterday = (today - timedelta(days=1)).isoformat()
    assert "共 0 条" in await (await client.get(f"/console/audit?day={yesterday}")).text()
    bad = await client.get("/console/audit?day=2026-13-01")
    assert bad.status == 422 and "年-月-日" in await bad.text()
    assert (await client.get("/console/audit?page=0")).status == 422
    # Each reading is itself on the trail.
    assert len(await audit_rows("audit.read")) >= 4


async def test_pages_of_fifty_and_personal_data_masked(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    case_id = await _matter(client, submitted_case)
    for n in range(55):
        await record_change(
            Actor.system(), "case.reminded", "case", case_id,
            after={"contact_phone": "13812345678", "n": n},
            note="已电话联系 13987654321，身份证 11010519491231002X",
        )  # fmt: skip
    use_console_as(client, await staff_headers(client, "jiancha"))
    first = await (await client.get("/console/audit?object_type=case")).text()
    total = await AuditRecord.filter(object_type="case").count()
    assert f"共 {total} 条，第 1 / 2 页" in first and "下一页" in first
    assert first.count("<tr>") == 1 + 50  # the head and fifty entries
    assert "13812345678" not in first and "138****5678" in first
    assert "13987654321" not in first and "139****4321" in first
    assert "11010519491231002X" not in first and "1101**********002X" in first
    second = await (await client.get("/console/audit?object_type=case&page=2")).text()
    assert "第 2 / 2 页" in second and "上一页" in second and second.count("<tr>") == 1 + total - 50


async def test_administrators_acts_are_for_the_audit_administrator_only(
    client: TestClient, submitted_case: dict[str, Any], make_staff: MakeStaff
) -> None:
    await _matter(client, submitted_case)
    security = await make_staff("anquan", ["security_admin"], "DEPT-A")
    auditor = await make_staff("shenji", ["audit_admin"], "DEPT-A")
    banli = await StaffAccount.get(username="banli")
    changed = await client.put(
        f"/api/admin/staff/{banli.id}/roles", json={"roles": ["handler", "clerk"]}, headers=security
    )
    assert changed.status == 200, await changed.text()

    use_console_as(client, await staff_headers(client, "jiancha"))
    everything = await (await client.get("/console/audit")).text()
    assert "变更角色" not in everything and "anquan" not in everything
    accounts = await (await client.get("/console/audit?object_type=staff_account")).text()
    assert "共 0 条" in accounts

    use_console_as(client, auditor)
    audited = await client.get("/console/audit?username=anquan")
    html = await audited.text()
    assert audited.status == 200 and "变更角色" in html and "共 1 条" in html
    assert "审计日志" in html
    whole = await (await client.get("/console/audit?object_type=case")).text()
    assert "banli" in whole
    # Every reading is on the trail, under who read it (a refused kind reads nothing).
    readers = [row.actor_id for row in await audit_rows("audit.read")]
    jiancha = await StaffAccount.get(username="jiancha")
    shenji = await StaffAccount.get(username="shenji")
    assert readers == [jiancha.id, shenji.id, shenji.id]


async def test_a_handler_may_not_read_the_trail(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    use_console_as(client, await staff_headers(client, "banli"))
    assert (await client.get("/console/audit")).status == 403
    html = await (await client.get("/console/cards")).text()
    assert "/console/audit" not in html and "/console/decisions" not in html
