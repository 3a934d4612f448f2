"""What every console browser test shares: Debian's Chromium, its flags, and the skip without it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MINIAPP_CHROMIUM", "/usr/bin/chromium"))
# As the machine's probe runs it: without the background-networking flags Chromium's own
# connections are refused by the closed network, many at a time.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
)


def csp_refusals(page: Any) -> list[str]:
    """What the page's Content Security Policy blocked, collected as the browser reports it."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked
