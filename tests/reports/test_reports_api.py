"""getWeeklyReport and exportWeeklyReport over HTTP: scope by role, files that open in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from models.people import Department
from tests.reports.support import SHANGHAI, case, department
from workflows.reports.period import last_full_week

MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


async def seed_last_week() -> tuple[Department, Department]:
    period = last_full_week(datetime.now(UTC), SHANGHAI)
    a, b = (
        await department("DEPT-A", "城关区", "市场监管局"),
        await department("DEPT-B", "七里河区"),
    )
    await case(a, period.start + timedelta(hours=10))
    await case(b, period.start + timedelta(hours=10))
    await case(b, period.start + timedelta(days=2))
    return a, b


async def test_supervisor_sees_every_department_and_the_total(
    client: TestClient, make_staff: MakeStaff
) -> None:
    await seed_last_week()
    headers = await make_staff("jiancha", ["supervisor"], "DEPT-A")
    response = await client.get("/api/reports/weekly", headers=headers)
    assert response.status == 200, await response.text()
    data = await response.json()
    assert {d["code"] for d in data["departments"]} == {"DEPT-A", "DEPT-B"}
    assert data["total"]["cases_received"] == 3
    assert [s["key"] for s in data["sections"]] == [
        "items",
        "cases",
        "tickets",
        "supervision",
        "reviews",
        "review_channels",
    ]


async def test_handler_sees_only_their_department(
    client: TestClient, make_staff: MakeStaff
) -> None:
    _, b = await seed_last_week()
    headers = await make_staff("banli", ["handler"], "DEPT-A")
    data = await (await client.get("/api/reports/weekly", headers=headers)).json()
    assert [d["code"] for d in data["departments"]] == ["DEPT-A"]
    assert data["total"]["cases_received"] == 1
    other = await client.get(f"/api/reports/weekly?department_id={b.id}", headers=headers)
    assert other.status == 404


async def test_bad_weeks_are_refused_clearly(client: TestClient, make_staff: MakeStaff) -> None:
    headers = await make_staff("jiancha", ["supervisor"])
    this_week = last_full_week(datetime.now(UTC), SHANGHAI).first_day + timedelta(days=7)
    cases = {
        this_week.isoformat(): "week_not_over",
        "0001-01-01": "week_too_old",
        "9999-12-27": "week_not_over",
    }
    for week, code in cases.items():
        response = await client.get(f"/api/reports/weekly?week_start={week}", headers=headers)
        assert response.status == 404, week
        assert (await response.json())["code"] == code
    # A day other than Monday names the week it falls in.
    tuesday = this_week - timedelta(days=6)
    response = await client.get(f"/api/reports/weekly?week_start={tuesday}", headers=headers)
    assert (await response.json())["period"]["week_start"] == (this_week - timedelta(7)).isoformat()
    malformed = await client.get("/api/reports/weekly?week_start=0", headers=headers)
    assert malformed.status == 422
    assert (await client.get("/api/reports/weekly")).status == 401
    unknown = await client.get("/api/reports/weekly?department_id=999999", headers=headers)
    assert unknown.status == 404


async def test_csv_export_has_a_bom_and_chinese_headers(
    client: TestClient, make_staff: MakeStaff
) -> None:
    await seed_last_week()
    headers = await make_staff("jiancha", ["supervisor"])
    response = await client.get("/api/reports/weekly/export?format=csv", headers=headers)
    assert response.status == 200
    assert response.content_type == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = await response.read()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "办件·受理（收件）" in text and "市场监管局" in text and "合计" in text


async def test_csv_export_neutralises_every_formula_start_including_tab_and_cr(
    client: TestClient, make_staff: MakeStaff
) -> None:
    await seed_last_week()
    period = last_full_week(datetime.now(UTC), SHANGHAI)
    names = {"DEPT-T": "\t=1+2", "DEPT-R": "\r=HYPERLINK(1)", "DEPT-E": "=1+2", "DEPT-P": "+1"}
    inside = {"DEPT-M": "监管局\r=1+2"}  # a CR inside stays in its cell, not a row break
    for code, name in {**names, **inside}.items():
        await case(await department(code, "城关区", name), period.start + timedelta(hours=10))
    headers = await make_staff("jiancha", ["supervisor"])
    response = await client.get("/api/reports/weekly/export?format=csv", headers=headers)
    text = (await response.read()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    shown = {row[1]: row[2] for row in rows[2:] if row[1].startswith("DEPT-")}
    assert shown == {
        "DEPT-A": "市场监管局",
        "DEPT-B": "部门DEPT-B",
        **{code: "'" + name for code, name in names.items()},
        **inside,
    }
    assert all(len(row) == len(rows[1]) for row in rows[2:])


async def test_xlsx_export_opens_with_the_same_figures(
    client: TestClient, make_staff: MakeStaff
) -> None:
    await seed_last_week()
    headers = await make_staff("jiancha", ["supervisor"])
    response = await client.get("/api/reports/weekly/export?format=xlsx", headers=headers)
    assert response.status == 200
    assert response.content_type.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(await response.read())).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[1]
    received = header.index("办件·受理（收件）")
    total = next(r for r in rows if r[2] == "合计")
    assert total[received] == 3


async def test_export_formats_are_documented_as_files(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    content = document["paths"]["/api/reports/weekly/export"]["get"]["responses"]["200"]["content"]
    assert set(content) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
