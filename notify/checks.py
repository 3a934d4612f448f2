"""Re-checks before sending: is the message still warranted by its subject's current state?

Small and generic: a checker per subject_type, and `requires_status` in the data (one status or
a list) compared with a status source per subject_type. Features register theirs here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from models.outbox import OutboxMessage
from models.supervision import Deadline, DeadlineState, SupervisionCard
from models.tickets import CallbackState, CallbackVisit
from workflows.reviews.invitations import still_unrated

Checker = Callable[[OutboxMessage], Awaitable[bool]]
StatusSource = Callable[[int], Awaitable[str | None]]


async def _card_open(message: OutboxMessage) -> bool:
    return await SupervisionCard.filter(id=message.subject_id, cleared_at=None).exists()


async def _deadline_open(message: OutboxMessage) -> bool:
    return await Deadline.filter(id=message.subject_id).exclude(state=DeadlineState.DONE).exists()


async def _review_unrated(message: OutboxMessage) -> bool:
    return await still_unrated(message.subject_id or 0)


async def _visit_pending(message: OutboxMessage) -> bool:
    # A callback text is stale once the visit is done (reached by phone meanwhile) or given up.
    return await CallbackVisit.filter(id=message.subject_id, state=CallbackState.PENDING).exists()


CHECKERS: dict[str, Checker] = {
    "callback_visit": _visit_pending,
    "supervision_card": _card_open,
    "deadline": _deadline_open,
    "review_invitation": _review_unrated,
}
STATUS_SOURCES: dict[str, StatusSource] = {}


async def still_warranted(message: OutboxMessage) -> bool:
    if message.subject_id is None:
        return True
    checker = CHECKERS.get(message.subject_type)
    if checker is not None and not await checker(message):
        return False
    required = message.data.get("requires_status") if isinstance(message.data, dict) else None
    source = STATUS_SOURCES.get(message.subject_type)
    if required and source is not None:
        wanted = {required} if isinstance(required, str) else set(required)
        return await source(message.subject_id) in wanted
    return True
