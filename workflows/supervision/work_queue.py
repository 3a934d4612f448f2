"""A staff member's queue: the timed matters of their department still to do, most urgent first
(supervisors and admins: every department). Read from the one Deadline table."""

from __future__ import annotations

from dataclasses import dataclass

from models.supervision import Deadline, DeadlineState
from workflows.authz import Principal

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class QueueEntry:
    deadline: Deadline
    card: str  # "red", "yellow" or "" (no card this period)


def card_colour(deadline: Deadline) -> str:
    if deadline.red_card_at is not None:
        return "red"
    return "yellow" if deadline.yellow_card_at is not None else ""


async def my_queue(principal: Principal, limit: int = QUEUE_LIMIT) -> list[QueueEntry]:
    scope = principal.department_filter()
    # Running first by due time; paused ones (waiting for the citizen, no due time) after them.
    running = (
        await Deadline.filter(state=DeadlineState.RUNNING, **scope)
        .order_by("due_at", "id")
        .limit(limit)
        .prefetch_related("department")
    )
    paused = (
        await Deadline.filter(state=DeadlineState.PAUSED, **scope)
        .order_by("started_at", "id")
        .limit(max(0, limit - len(running)))
        .prefetch_related("department")
    )
    return [QueueEntry(d, card_colour(d)) for d in [*running, *paused]]
