"""The report as a table: CSV (UTF-8 with BOM, so Excel shows the Chinese) and XLSX.

One row per department, then one per region and the total; the columns are the sections'
columns with their Chinese labels; rates as percentages. openpyxl is imported on the first XLSX
(5 MB), not by every process that imports the app.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from workflows.reports.registry import columns

HEAD = ["地区", "部门编码", "部门"]
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# OWASP's CSV-injection list: a spreadsheet may read a cell starting with any of these as a
# formula (a leading TAB or CR is skipped by some, and the formula after it still runs).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    # A name starting like a formula must not run as one in a spreadsheet.
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: float | int | None, rate: bool) -> str | int:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if rate else int(value)


def table(report: dict[str, Any]) -> list[list[str | int]]:
    cols = [column for _, column in columns()]
    header: list[str | int] = [*HEAD, *[f"{s.title}·{c.label}" for s, c in columns()]]

    def line(first: list[str | int], values: dict[str, Any]) -> list[str | int]:
        return first + [_cell(values.get(c.key), c.is_rate) for c in cols]

    rows = [header]
    rows += [
        line([_text(d["region"]), _text(d["code"]), _text(d["name"])], d["values"])
        for d in report["departments"]
    ]
    rows += [line([_text(r["region"]), "", "小计"], r["values"]) for r in report["regions"]]
    # The tree's subtotals, each level indented under the one above (city → county → …).
    rows += [
        line(
            [
                "　" * ((n["level"] or 1) - 1) + _text(n["name"]),
                n["code"] or "",
                f"{n['level_label']}小计",
            ],
            n["values"],
        )
        for n in report.get("region_levels", [])
    ]
    rows.append(line(["", "", "合计"], report["total"]))
    return rows


def filename(report: dict[str, Any], extension: str) -> str:
    return f"weekly-report-{report['period']['week_start']}.{extension}"


def to_csv(report: dict[str, Any], watermark: str = "") -> bytes:
    buffer = io.StringIO()
    # RFC 4180's CRLF rows: with them the writer also quotes a field holding a lone CR, which
    # a spreadsheet would otherwise take as a row break (and the text after it as a new cell).
    writer = csv.writer(buffer, lineterminator="\r\n")
    # Who exported it and when (export control), beside the title.
    writer.writerow(
        ["每周通报", report["period"]["label"], *([_text(watermark)] if watermark else [])]
    )
    writer.writerows(table(report))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: dict[str, Any], watermark: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "每周通报"
    sheet.append([f"每周通报 {report['period']['label']}"])
    sheet["A1"].font = Font(bold=True)
    for row in table(report):
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D3"
    if watermark:  # who exported it and when: beside the title and in the printed footer
        sheet["D1"] = _text(watermark)
        sheet.oddFooter.center.text = watermark
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
