"""What every booking path shares: the request's context, a new booking code, the audit view."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from core.settings import BookingSettings
from models.booking import Booking
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by a clerk


@dataclass(frozen=True)
class Context:
    calendar: WorkingCalendar
    settings: BookingSettings
    now: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", as_utc(self.now))


def new_code() -> str:
    # One read of the system's randomness, not eight: 32 letters, so each byte's low five bits
    # pick one with every letter equally likely.
    return "".join(CODE_ALPHABET[byte % 32] for byte in secrets.token_bytes(8))


def audit_of(booking: Booking) -> dict[str, object]:
    return {
        "status": booking.status.value,
        "slot_id": booking.slot_id,  # type: ignore[attr-defined]
        "starts_at": booking.starts_at.isoformat(),
    }
