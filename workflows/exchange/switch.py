"""Whether this deployment exchanges with the province ([exchange] enabled).

Set once by each process as it starts (server, worker); the workflows that record case steps,
reviews and ticket steps consult it before writing events for the province, so a county that
is not connected writes nothing it would never send.
"""

from __future__ import annotations

_state = {"enabled": False}


def configure(enabled: bool) -> None:
    _state["enabled"] = enabled


def enabled() -> bool:
    return _state["enabled"]
