"""An export names who made it and when, in the file, and is in the audit trail."""

from __future__ import annotations

import io
import re

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from models.audit import AuditRecord
from tests.conftest import STAFF_PASSWORD


async def test_export_is_watermarked_with_who_and_when_and_audited(
    client: TestClient, make_staff
) -> None:
    headers = await make_staff("jiancha-1", ["supervisor"])
    csv = await client.get("/api/reports/weekly/export?format=csv", headers=headers)
    assert csv.status == 200
    text = (await csv.read()).decode("utf-8-sig")
    assert "导出人：jiancha-1" in text and "导出时间：" in text
    xlsx = await client.get("/api/reports/weekly/export?format=xlsx", headers=headers)
    sheet = load_workbook(io.BytesIO(await xlsx.read())).active
    assert "导出人：jiancha-1" in str(next(sheet.iter_rows(values_only=True)))
    records = await AuditRecord.filter(action="export.made").order_by("id")
    assert len(records) == 2 and records[0].object_id.endswith(".csv")
    assert records[0].after["full_values"] is False


async def test_audit_admin_gets_no_report(client: TestClient, make_staff) -> None:
    headers = await make_staff("aud-9", ["audit_admin"])
    response = await client.get("/api/reports/weekly/export?format=csv", headers=headers)
    assert response.status == 403


async def test_the_consoles_download_is_watermarked_and_audited_like_the_apis(
    client: TestClient, make_staff
) -> None:
    await make_staff("jiancha-2", ["supervisor"])
    form = await client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', await form.text())
    assert token is not None
    signed_in = await client.post(
        "/console/login",
        data={"csrf": token.group(1), "username": "jiancha-2", "password": STAFF_PASSWORD},
    )
    assert signed_in.status == 200
    csv = await client.get("/console/reports/export?format=csv")
    assert csv.status == 200
    assert "导出人：jiancha-2" in (await csv.read()).decode("utf-8-sig")
    record = await AuditRecord.get(action="export.made")
    assert record.object_id.endswith(".csv") and record.actor_kind == "staff"
