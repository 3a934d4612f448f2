"""The ticket jobs the worker runs; each takes `now` so tests call it directly."""

from __future__ import annotations

from datetime import datetime

from workflows.tickets.assignment import deem_accepted
from workflows.tickets.callbacks import give_up_unreached


async def run_ticket_jobs(now: datetime) -> dict[str, int]:
    return {
        "deemed_accepted": await deem_accepted(now),
        "callbacks_unreachable": await give_up_unreached(now),
    }
