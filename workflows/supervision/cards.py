"""Electronic supervision (电子监察, seeds 000 §三(二), 004 §五(五)): yellow and red cards.

The worker calls `issue_cards` on a schedule. One indexed query on (state, due_at) finds running
deadlines that are near or past due; each card is issued ONCE per deadline period and colour (a
conditional update on Deadline.yellow_card_at / red_card_at, safe with several workers), recorded,
and alerted to the department's handlers, every supervisor and the department's group robot.
Thresholds are configuration (DOMAIN.md "Local variation").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.settings import CardThresholds, SupervisionSettings
from models.people import Department, StaffAccount, StaffRole
from models.regions import Region
from models.supervision import CardColour, Deadline, DeadlineState, SupervisionCard
from workflows.audit import Actor, Change, record_changes
from workflows.calendar import WorkingCalendar
from workflows.outbox import Notice, enqueue, notice_key, to_department, to_staff
from workflows.regions.tree import code_under, level_of

SCAN_LIMIT = 20000
# Deadlines judged and carded per transaction: a few statements each, whatever the count.
CHUNK = 2000
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
        .values_list("id", flat=True)
    )
    if not candidates:
        return []
    recipients = await _alert_recipients()
    issued: list[SupervisionCard] = []
    for start in range(0, len(candidates), CHUNK):
        chunk = list(candidates[start : start + CHUNK])
        issued += await _issue_chunk(chunk, now, calendar, rules, recipients)
    return issued


async def _issue_chunk(
    ids: list[int],
    now: datetime,
    calendar: WorkingCalendar,
    rules: SupervisionSettings,
    recipients: Recipients,
) -> list[SupervisionCard]:
    """Issue the cards a chunk of deadlines has earned, in one transaction of a few statements.

    The rows are locked (PostgreSQL: FOR UPDATE SKIP LOCKED, so a second worker takes other
    rows instead of waiting; SQLite serialises writers) and judged again as they are now: a card
    another worker issued meanwhile has stamped its deadline, which then earns nothing here.
    """
    async with in_transaction() as connection:
        locked = await (
            Deadline.filter(id__in=ids, state=DeadlineState.RUNNING)
            .order_by("id")
            .select_for_update(skip_locked=True)
            .using_db(connection)
        )
        chosen = [(d, c) for d in locked if (c := card_due(d, now, calendar, rules)) is not None]
        if not chosen:
            return []
        reds = [d for d, colour in chosen if colour is CardColour.RED]
        stamps = {
            # A red card makes a later yellow one pointless: it stamps yellow too, if unstamped.
            "red_card_at": [d.id for d in reds],
            "yellow_card_at": [d.id for d, _ in chosen if d.yellow_card_at is None],
        }
        for column, stamped in stamps.items():
            if stamped:
                await (
                    Deadline.filter(id__in=stamped, **{column: None})
                    .using_db(connection)
                    .update(**{column: now})
                )
        if reds:
            await (
                SupervisionCard.filter(deadline_id__in=[d.id for d in reds], cleared_at=None)
                .using_db(connection)
                .update(cleared_at=now)
            )
        await SupervisionCard.bulk_create(
            [
                SupervisionCard(
                    deadline_id=d.id,
                    department_id=d.department_id,  # type: ignore[attr-defined]
                    colour=colour,
                    issued_at=now,
                    due_at=d.due_at,
                )
                for d, colour in chosen
            ],
            using_db=connection,
        )
        # bulk_create does not return ids; a deadline has at most one card issued at `now`.
        cards = await SupervisionCard.filter(
            deadline_id__in=[d.id for d, _ in chosen], issued_at=now
        ).using_db(connection)
        card_of = {card.deadline_id: card for card in cards}  # type: ignore[attr-defined]
        changes, notices = [], []
        for deadline, colour in chosen:
            card = card_of[deadline.id]
            assert deadline.due_at is not None
            changes.append(
                Change(
                    f"card.{colour.value}",
                    deadline.subject_type,
                    deadline.subject_id,
                    after={
                        "card_id": card.id,
                        "deadline_id": deadline.id,
                        "due_at": deadline.due_at.isoformat(),
                    },
                )
            )
            data = alert_data(deadline, card_id=card.id, colour=colour.value)
            notices += _notices(
                deadline,
                f"card:{card.id}",
                TEMPLATES[colour],
                data,
                "supervision_card",
                card.id,
                recipients,
            )
        await record_changes(Actor.system(), changes)
        await enqueue(notices)
    return [card_of[d.id] for d, _ in chosen]


def alert_data(deadline: Deadline, **extra: Any) -> dict[str, Any]:
    return {
        "title": deadline.title,
        "due_at": deadline.due_at.isoformat() if deadline.due_at else "",
        "deadline_id": deadline.id,
        "subject_type": deadline.subject_type,
        "subject_id": deadline.subject_id,
        **extra,
    }


@dataclass(frozen=True)
class Recipients:
    """Who is alerted of a card: the supervisors whose region holds the card's department (one
    with no region: all), and the handlers of the department."""

    supervisors: list[tuple[int, str | None]]  # (staff id, the code of their scope's region)
    handlers_by_department: dict[int, list[int]]
    department_regions: dict[int, str | None] = field(default_factory=dict)

    def of(self, department_id: int) -> list[int]:
        handlers = self.handlers_by_department.get(department_id, [])
        code = self.department_regions.get(department_id)
        watching = [
            sid
            for sid, root in self.supervisors
            if root is None or (code is not None and code_under(code, root, level_of(root)))
        ]
        return sorted({*watching, *handlers})


async def _alert_recipients() -> Recipients:
    # Once per scan, not per card: the staff list changes rarely and a scan is seconds long.
    staff = await StaffAccount.filter(active=True).only(
        "id", "roles", "department_id", "region_node_id"
    )
    regions = dict(await Region.all().values_list("id", "code"))
    departments = await Department.all().values_list("id", "region_node_id")
    department_regions = {d: regions.get(r) if r else None for d, r in departments}
    supervisors = [
        (s.id, regions.get(s.region_node_id) or department_regions.get(s.department_id))  # type: ignore[attr-defined]
        for s in staff
        if s.has_role(StaffRole.SUPERVISOR)
    ]
    handlers: dict[int, list[int]] = {}
    for s in staff:
        if s.has_role(StaffRole.HANDLER):
            handlers.setdefault(s.department_id, []).append(s.id)  # type: ignore[attr-defined]
    return Recipients(supervisors, handlers, department_regions)


async def _alerts(
    deadline: Deadline,
    key: str,
    template: str,
    data: dict[str, Any],
    subject_type: str,
    subject_id: int,
) -> list[Notice]:
    """The department's handlers and every supervisor (WeCom), and the department's group."""
    recipients = await _alert_recipients()
    return _notices(deadline, key, template, data, subject_type, subject_id, recipients)


def _notices(
    deadline: Deadline,
    key: str,
    template: str,
    data: dict[str, Any],
    subject_type: str,
    subject_id: int,
    recipients: Recipients,
) -> list[Notice]:
    department_id: int = deadline.department_id  # type: ignore[attr-defined]
    extra = {"subject_type": subject_type, "subject_id": subject_id}
    notices = [
        to_staff(notice_key(key, "staff", sid), sid, template, data, **extra)
        for sid in recipients.of(department_id)
    ]
    notices.append(
        to_department(
            notice_key(key, "department", department_id), department_id, template, data, **extra
        )
    )
    return notices
