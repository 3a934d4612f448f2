"""Worker job of the booking feature: turn missed bookings into no-shows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from workflows.booking.no_show import mark_no_shows

if TYPE_CHECKING:
    from notify.worker import WorkerResources

log = logging.getLogger(__name__)


async def booking_no_shows(resources: WorkerResources) -> None:
    calendar = await resources.calendar.current()
    marked = await mark_no_shows(calendar, resources.settings.booking, datetime.now(UTC))
    if marked:
        log.info("marked %d booking(s) as no-show", marked)
