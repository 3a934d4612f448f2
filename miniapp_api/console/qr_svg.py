"""A QR code as inline SVG, drawn on the server (no script, no network, no image file).

The modules come from reportlab's encoder (already used for certificates); each dark run of a
row becomes one segment of a single path, with the 4-module quiet zone the standard asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget

QUIET = 4


@dataclass(frozen=True)
class QrSvg:
    size: int  # modules, quiet zone included (the viewBox's side)
    path: str  # the dark modules as one SVG path


def qr_svg(text: str) -> QrSvg:
    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    segments: list[str] = []
    for row_number, row in enumerate(widget.qr.modules):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            run = column - start
            segments.append(f"M{start + QUIET} {row_number + QUIET}h{run}v1h-{run}z")
    return QrSvg(size=widget.qr.getModuleCount() + 2 * QUIET, path="".join(segments))
