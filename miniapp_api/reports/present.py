"""The weekly report as a file download (CSV or XLSX), for the API and the console alike."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from workflows.reports import export


def file_response(report: dict[str, Any], kind: str, watermark: str = "") -> web.Response:
    body, content_type = (
        (export.to_xlsx(report, watermark), export.XLSX_TYPE)
        if kind == "xlsx"
        else (export.to_csv(report, watermark), export.CSV_TYPE)
    )
    return web.Response(
        body=body,
        content_type=content_type,
        charset="utf-8" if kind == "csv" else None,
        headers={"Content-Disposition": f'attachment; filename="{export.filename(report, kind)}"'},
    )
