"""What supervisors and staff do with cards: list them, acknowledge them, urge a matter (督办)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.people import StaffRole
from models.supervision import (
    CardColour,
    Deadline,
    DeadlineState,
    SupervisionCard,
    UrgingNotice,
)
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.outbox import enqueue
from workflows.supervision import urging_responses
from workflows.supervision.cards import _alerts, alert_data


@dataclass(frozen=True)
class CardPage:
    cards: list[SupervisionCard]
    total: int
    # department id -> {"yellow": n, "red": n}, open cards only
    open_counts: dict[int, dict[str, int]]


async def list_cards(
    principal: Principal,
    *,
    colour: CardColour | None,
    open_only: bool,
    department_id: int | None,
    limit: int,
    offset: int,
) -> CardPage:
    query = SupervisionCard.all()
    if not principal.supervises:
        department_id = principal.department_id
    scope = principal.department_filter()
    if department_id is not None:
        require_department_access(principal, department_id, "department")
        scope = {"department_id": department_id}
    query = query.filter(**scope)
    if colour is not None:
        query = query.filter(colour=colour)
    if open_only:
        query = query.filter(cleared_at=None)
    total = await query.count()
    cards = (
        await query.order_by("-issued_at", "-id")
        .offset(offset)
        .limit(limit)
        .prefetch_related("deadline")
    )
    counts_query = SupervisionCard.filter(cleared_at=None, **scope)
    rows = (
        await counts_query.annotate(n=Count("id"))
        .group_by("department_id", "colour")
        .values("department_id", "colour", "n")
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["department_id"], {"yellow": 0, "red": 0})[str(row["colour"])] = row[
            "n"
        ]
    return CardPage(list(cards), total, counts)


async def acknowledge_card(principal: Principal, card_id: int, now: datetime) -> SupervisionCard:
    card = await SupervisionCard.get_or_none(id=card_id)
    if card is None:
        raise NotFound("no such card")
    require_department_access(principal, card.department_id, "card")  # type: ignore[attr-defined]
    if card.acknowledged_at is not None:
        return card  # acknowledging twice changes nothing
    async with in_transaction():
        card.acknowledged_by_id = principal.id  # type: ignore[attr-defined]
        card.acknowledged_at = now
        await card.save(update_fields=["acknowledged_by_id", "acknowledged_at", "updated_at"])
        await record_change(
            principal.actor,
            "card.acknowledged",
            "supervision_card",
            card.id,
            after={"at": now.isoformat()},
        )
    return card


async def urge_matter(
    principal: Principal, deadline_id: int, message: str, respond_by: datetime | None, now: datetime
) -> UrgingNotice:
    """A supervisor's urging notice: recorded, audited and sent to the department's handlers."""
    require_role(principal, StaffRole.SUPERVISOR)
    deadline = await Deadline.get_or_none(id=deadline_id)
    if deadline is None:
        raise NotFound("no such matter under supervision")
    require_department_access(principal, deadline.department_id, "matter under supervision")  # type: ignore[attr-defined]
    if deadline.state == DeadlineState.DONE:
        raise Conflict("the matter is already done", code="matter_done")
    async with in_transaction():
        urging = await UrgingNotice.create(
            deadline_id=deadline.id,
            department_id=deadline.department_id,  # type: ignore[attr-defined]
            issued_by_id=principal.id,
            message=message,
            respond_by=respond_by,
        )
        await urging_responses.watch_response(urging, deadline, now)
        await record_change(
            principal.actor,
            "matter.urged",
            deadline.subject_type,
            deadline.subject_id,
            after={"urging_id": urging.id, "deadline_id": deadline.id, "message": message},
        )
        data = alert_data(deadline, urging_id=urging.id, message=message)
        notices = await _alerts(
            deadline, f"urging:{urging.id}", "urging_notice", data, "deadline", deadline.id
        )
        # The notice is for the handlers and the department; supervisors wrote it.
        await enqueue(
            n for n in notices if n.recipient_id != principal.id or n.recipient_type != "staff"
        )
    return urging
