"""Registering timed matters with supervision: one Deadline row per matter.

Domain workflows call these inside the transaction of the change; the supervision loop reads
the table to issue yellow and red cards.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict, Unpack

from models.supervision import Deadline, DeadlineState, SupervisionCard
from workflows import clock


class Period(TypedDict):
    """What a watched matter is given: its title, when it started, when it is due."""

    title: str
    started_at: datetime
    due_at: datetime
    limit_working_days: int


class Terms(Period):
    department_id: int  # who is carded


async def watch(subject_type: str, subject_id: int, **terms: Unpack[Terms]) -> Deadline:
    """Start (or restart with a new due time) watching a matter's deadline."""
    deadline = await Deadline.get_or_none(subject_type=subject_type, subject_id=subject_id)
    if deadline is None:
        return await start(subject_type, subject_id, **terms)
    due_at = terms["due_at"]
    new_period = deadline.due_at != due_at or deadline.state != DeadlineState.RUNNING
    deadline.update_from_dict(
        {
            "department_id": terms["department_id"],
            "title": terms["title"][:200],
            "due_at": due_at,
            "limit_working_days": terms["limit_working_days"],
            "state": DeadlineState.RUNNING,
            "done_at": None,
        }
    )
    # A new due time is a new period: cards of the old one no longer apply.
    if new_period:
        deadline.yellow_card_at = None
        deadline.red_card_at = None
        await _clear_cards(deadline.id, terms["started_at"])
    await deadline.save()
    return deadline


async def start(subject_type: str, subject_id: int, **terms: Unpack[Terms]) -> Deadline:
    """Watch a matter that was never watched (one just created): no look for an earlier row.
    Were there one, the unique (subject_type, subject_id) refuses the second."""
    deadline = new_deadline(subject_type, subject_id, **terms)
    await deadline.save()
    return deadline


def new_deadline(subject_type: str, subject_id: int, **terms: Unpack[Terms]) -> Deadline:
    """The row `start` writes, unsaved: for a statement that writes it with the matter."""
    return Deadline(
        subject_type=subject_type,
        subject_id=subject_id,
        department_id=terms["department_id"],
        title=terms["title"][:200],
        started_at=terms["started_at"],
        due_at=terms["due_at"],
        limit_working_days=terms["limit_working_days"],
        state=DeadlineState.RUNNING,
    )


async def pause(subject_type: str, subject_id: int) -> None:
    await Deadline.filter(subject_type=subject_type, subject_id=subject_id).update(
        state=DeadlineState.PAUSED, due_at=None
    )
    deadline = await get(subject_type, subject_id)
    if deadline is not None:
        await _clear_cards(deadline.id, clock.utc_now())


async def finish(subject_type: str, subject_id: int, at: datetime) -> None:
    await (
        Deadline.filter(subject_type=subject_type, subject_id=subject_id)
        .exclude(state=DeadlineState.DONE)
        .update(state=DeadlineState.DONE, done_at=at)
    )
    deadline = await get(subject_type, subject_id)
    if deadline is not None:
        await _clear_cards(deadline.id, at)


async def _clear_cards(deadline_id: int, at: datetime) -> None:
    """Cards of a finished, paused or re-timed matter no longer apply."""
    await SupervisionCard.filter(deadline_id=deadline_id, cleared_at=None).update(cleared_at=at)


async def get(subject_type: str, subject_id: int) -> Deadline | None:
    return await Deadline.get_or_none(subject_type=subject_type, subject_id=subject_id)
