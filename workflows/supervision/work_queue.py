"""A staff member's queue: the timed matters of their department still to do, most urgent first
(supervisors and admins: every department under their region). Read from the one Deadline table,
so cases, tickets (and their screening) and rectifications sit in one list with one due time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models.supervision import Deadline, DeadlineState
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar

QUEUE_LIMIT = 200


class MatterKind(StrEnum):
    CASE = "case"
    TICKET = "ticket"
    RECTIFICATION = "rectification"
    OTHER = "other"  # announcements, urging replies, parallel parts...: timed, no page of their own


# Which Deadline subjects are which kind of matter; their subject_id is that matter's id.
SUBJECTS: dict[MatterKind, tuple[str, ...]] = {
    MatterKind.CASE: ("case",),
    MatterKind.TICKET: ("ticket", "ticket_screening"),
    MatterKind.RECTIFICATION: ("rectification",),
}
KIND_OF = {subject: kind for kind, subjects in SUBJECTS.items() for subject in subjects}
KNOWN_SUBJECTS = tuple(KIND_OF)


@dataclass(frozen=True)
class QueueEntry:
    deadline: Deadline
    card: str  # "red", "yellow" or "" (no card this period)
    kind: MatterKind = MatterKind.OTHER
    # Working days from today to the due day (0: due today, negative: overdue); None while paused.
    working_days_left: int | None = None


def card_colour(deadline: Deadline) -> str:
    if deadline.red_card_at is not None:
        return "red"
    return "yellow" if deadline.yellow_card_at is not None else ""


def working_days_left(deadline: Deadline, calendar: WorkingCalendar, now: datetime) -> int | None:
    if deadline.due_at is None:
        return None
    return calendar.working_days_between(
        calendar.local_date(now), calendar.local_date(deadline.due_at)
    )


async def my_queue(
    principal: Principal,
    limit: int = QUEUE_LIMIT,
    *,
    calendar: WorkingCalendar | None = None,
    now: datetime | None = None,
    kind: MatterKind | None = None,
    latest_first: bool = False,
) -> list[QueueEntry]:
    """The queue; `kind` keeps one kind of matter, `latest_first` turns the due-time order round.

    Paused matters (waiting for the citizen, no due time) always come after the running ones.
    With a calendar and `now`, each entry also tells its working days left.
    """
    scope = principal.department_filter()
    if kind is MatterKind.OTHER:
        scope["subject_type__not_in"] = list(KNOWN_SUBJECTS)
    elif kind is not None:
        scope["subject_type__in"] = list(SUBJECTS[kind])
    due_order = "-due_at" if latest_first else "due_at"
    running = (
        await Deadline.filter(state=DeadlineState.RUNNING, **scope)
        .order_by(due_order, "id")
        .limit(limit)
        .prefetch_related("department")
    )
    paused = (
        await Deadline.filter(state=DeadlineState.PAUSED, **scope)
        .order_by("started_at", "id")
        .limit(max(0, limit - len(running)))
        .prefetch_related("department")
    )
    return [
        QueueEntry(
            d,
            card_colour(d),
            KIND_OF.get(d.subject_type, MatterKind.OTHER),
            working_days_left(d, calendar, now) if calendar and now else None,
        )
        for d in [*running, *paused]
    ]
