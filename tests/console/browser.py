"""What every console browser test shares: Debian's Chromium, its flags, and the skip without it."""

from __future__ import annotations

import os
from pathlib import Path

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
