"""An export names who made it and when, in the file, and is in the audit trail."""

from __future__ import annotations

import io

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from models.audit import AuditRecord


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
