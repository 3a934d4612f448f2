"""Electronic supervision (电子监察, seeds 000 §三(二), 004 §五(五)): yellow and red cards.

The worker calls `issue_cards` on a schedule. One indexed query on (state, due_at) finds running
deadlines that are near or past due; each card is issued ONCE per deadline period and colour (a
conditional update on Deadline.yellow_card_at / red_card_at, safe with several workers), recorded,
and alerted to the department's handlers, every supervisor and the department's group robot.
Thresholds are configuration (DOMAIN.md "Local variation").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.settings import CardThresholds, SupervisionSettings
from models.people import StaffAccount, StaffRole
from models.supervision import CardColour, Deadline, DeadlineState, SupervisionCard
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar
from workflows.outbox import Notice, enqueue, notice_key, to_department, to_staff

SCAN_LIMIT = 5000
TEMPLATES = {CardColour.YELLOW: "deadline_yellow_card", CardColour.RED: "deadline_red_card"}


def card_due(
    deadline: Deadline, now: datetime, calendar: WorkingCalendar, rules: SupervisionSettings
) -> CardColour | None:
    """Which card, if any, this deadline has earned now and not yet been given."""
    due = deadline.due_at
    if due is None:
        return None
    kind = rules.thresholds(deadline.subject_type)
    red_from = due
    if kind.red_after_overdue_working_days:
        red_from = calendar.due_at(due, kind.red_after_overdue_working_days)
    if deadline.red_card_at is None and now > red_from:
        return CardColour.RED
    if (
        deadline.yellow_card_at is None
        and now <= red_from
        and due <= _yellow_cutoff(now, calendar, kind)
    ):
        return CardColour.YELLOW
    return None


def _yellow_cutoff(now: datetime, calendar: WorkingCalendar, rules: CardThresholds) -> datetime:
    days = rules.yellow_within_working_days
    # 0: yellow only once overdue (some places' practice).
    return calendar.due_at(now, days) if days else now


async def issue_cards(
    now: datetime, calendar: WorkingCalendar, rules: SupervisionSettings
) -> list[SupervisionCard]:
    # The one indexed query looks as far ahead as the most forward-looking kind needs.
    horizon = max(
        [_yellow_cutoff(now, calendar, t) for t in (rules, *rules.kinds.values())] + [now]
    )
    candidates = (
        await Deadline.filter(state=DeadlineState.RUNNING, due_at__lte=horizon)
        .filter(Q(yellow_card_at=None) | Q(red_card_at=None, due_at__lt=now))
        .order_by("due_at")
        .limit(SCAN_LIMIT)
    )
    issued = []
    for deadline in candidates:
        colour = card_due(deadline, now, calendar, rules)
        if colour is not None:
            card = await _issue(deadline, colour, now)
            if card is not None:
                issued.append(card)
    return issued


async def _issue(deadline: Deadline, colour: CardColour, now: datetime) -> SupervisionCard | None:
    stamp = {"red_card_at": now} if colour is CardColour.RED else {"yellow_card_at": now}
    if colour is CardColour.RED and deadline.yellow_card_at is None:
        stamp["yellow_card_at"] = now  # a red card makes a later yellow one pointless
    unstamped = "red_card_at" if colour is CardColour.RED else "yellow_card_at"
    async with in_transaction():
        claimed = await Deadline.filter(
            id=deadline.id, state=DeadlineState.RUNNING, due_at=deadline.due_at, **{unstamped: None}
        ).update(**stamp)
        if not claimed:
            return None  # another worker issued it
        if colour is CardColour.RED:
            await SupervisionCard.filter(deadline_id=deadline.id, cleared_at=None).update(
                cleared_at=now
            )
        assert deadline.due_at is not None
        card = await SupervisionCard.create(
            deadline_id=deadline.id,
            department_id=deadline.department_id,  # type: ignore[attr-defined]
            colour=colour,
            issued_at=now,
            due_at=deadline.due_at,
        )
        await record_change(
            Actor.system(),
            f"card.{colour.value}",
            deadline.subject_type,
            deadline.subject_id,
            after={
                "card_id": card.id,
                "deadline_id": deadline.id,
                "due_at": deadline.due_at.isoformat(),
            },
        )
        data = alert_data(deadline, card_id=card.id, colour=colour.value)
        await enqueue(
            await _alerts(
                deadline, f"card:{card.id}", TEMPLATES[colour], data, "supervision_card", card.id
            )
        )
    return card


def alert_data(deadline: Deadline, **extra: Any) -> dict[str, Any]:
    return {
        "title": deadline.title,
        "due_at": deadline.due_at.isoformat() if deadline.due_at else "",
        "deadline_id": deadline.id,
        "subject_type": deadline.subject_type,
        "subject_id": deadline.subject_id,
        **extra,
    }


async def _alerts(
    deadline: Deadline,
    key: str,
    template: str,
    data: dict[str, Any],
    subject_type: str,
    subject_id: int,
) -> list[Notice]:
    """The department's handlers and every supervisor (WeCom), and the department's group."""
    department_id: int = deadline.department_id  # type: ignore[attr-defined]
    staff = await StaffAccount.filter(active=True).only("id", "roles", "department_id")
    people = [
        s.id
        for s in staff
        if s.has_role(StaffRole.SUPERVISOR)
        or (s.has_role(StaffRole.HANDLER) and s.department_id == department_id)  # type: ignore[attr-defined]
    ]
    extra = {"subject_type": subject_type, "subject_id": subject_id}
    notices = [
        to_staff(notice_key(key, "staff", sid), sid, template, data, **extra) for sid in people
    ]
    notices.append(
        to_department(
            notice_key(key, "department", department_id), department_id, template, data, **extra
        )
    )
    return notices
