"""The receipt's QR code drawn as SVG: exactly the encoder's dark modules, with a quiet zone."""

from __future__ import annotations

import re

from reportlab.graphics.barcode.qr import QrCodeWidget

from miniapp_api.console.qr_svg import QUIET, qr_svg

URL = "https://zsb.example.gov.cn/r/JWad7ME3qmnq"


def drawn_modules(path: str) -> set[tuple[int, int]]:
    dark = set()
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):
        dark |= {(int(y) - QUIET, int(x) - QUIET + step) for step in range(int(run))}
    return dark


def test_the_path_covers_exactly_the_dark_modules_of_the_code() -> None:
    widget = QrCodeWidget(URL, barLevel="M")
    widget.qr.make()
    expected = {
        (row, column)
        for row, modules in enumerate(widget.qr.modules)
        for column, dark in enumerate(modules)
        if dark
    }
    drawn = qr_svg(URL)
    assert drawn_modules(drawn.path) == expected
    assert drawn.size == widget.qr.getModuleCount() + 2 * QUIET
    # The finder pattern's top row: seven dark modules in one run at each top corner.
    assert f"M{QUIET} {QUIET}h7v1h-7z" in drawn.path


def test_another_text_draws_another_code() -> None:
    assert qr_svg(URL).path != qr_svg(URL[:-1] + "x").path
