"""Accountability (问责) after repeated red cards (seed 000 §三(二): "对问题严重、造成不良影响的，
要启动问责机制").

When one department has `[supervision] accountability_red_cards` red cards issued within the
last `accountability_period_days`, a record is opened for the supervisors, who close it with
its outcome. Each red card counts towards one record only, so a record is not opened again for
the same cards; new cards after it count afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from core.errors import Conflict
from core.settings import SupervisionSettings
from models.oversight import AccountabilityRecord, AccountabilityState
from models.people import Department, StaffAccount, StaffRole
from models.supervision import CardColour, SupervisionCard
from workflows.audit import Actor, record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.outbox import enqueue, notice_key, to_staff
from workflows.rows import locked


async def open_records(now: datetime, rules: SupervisionSettings) -> list[AccountabilityRecord]:
    """Worker job (after the cards): open the records the red cards now call for."""
    threshold = rules.accountability_red_cards
    if threshold <= 0:
        return []
    start = now - timedelta(days=rules.accountability_period_days)
    opened: list[AccountabilityRecord] = []
    async with in_transaction():
        reds = await SupervisionCard.filter(
            colour=CardColour.RED, issued_at__gte=start, issued_at__lte=now
        ).values_list("id", "department_id")
        if not reds:
            return []
        used: set[int] = set()
        for card_ids in await AccountabilityRecord.filter(period_end__gte=start).values_list(
            "card_ids", flat=True
        ):
            used.update(card_ids)
        by_department: dict[int, list[int]] = {}
        for card_id, department_id in reds:
            if card_id not in used:
                by_department.setdefault(department_id, []).append(card_id)
        supervisors = [
            s.id
            for s in await StaffAccount.filter(active=True).only("id", "roles")
            if s.has_role(StaffRole.SUPERVISOR)
        ]
        for department_id, card_ids in sorted(by_department.items()):
            if len(card_ids) < threshold:
                continue
            record = await AccountabilityRecord.create(
                department_id=department_id,
                period_start=start,
                period_end=now,
                red_cards=len(card_ids),
                card_ids=sorted(card_ids),
            )
            await record_change(
                Actor.system(),
                "accountability.opened",
                "accountability_record",
                record.id,
                after={"department_id": department_id, "red_cards": len(card_ids)},
            )
            name = await Department.filter(id=department_id).first().values_list("name", flat=True)
            data = {
                "department": name or "",
                "red_cards": len(card_ids),
                "period_start": start.isoformat(),
                "period_end": now.isoformat(),
                "record_id": record.id,
            }
            await enqueue(
                to_staff(
                    notice_key("accountability", record.id, "staff", sid),
                    sid,
                    "accountability_opened",
                    data,
                    subject_type="accountability_record",
                    subject_id=record.id,
                )
                for sid in supervisors
            )
            opened.append(record)
    return opened


async def list_records(
    principal: Principal, state: AccountabilityState | None, limit: int, offset: int
) -> list[AccountabilityRecord]:
    require_role(principal, StaffRole.SUPERVISOR)
    query = AccountabilityRecord.all()
    if state is not None:
        query = query.filter(state=state)
    return list(await query.order_by("-id").offset(offset).limit(limit))


async def close_record(
    principal: Principal, record_id: int, outcome: str, now: datetime
) -> AccountabilityRecord:
    require_role(principal, StaffRole.SUPERVISOR)
    async with in_transaction():
        record = await locked(AccountabilityRecord, record_id, "accountability record")
        require_department_access(principal, record.department_id, "accountability record")  # type: ignore[attr-defined]
        if record.state == AccountabilityState.CLOSED:
            raise Conflict("this record is already closed", code="accountability_closed")
        record.state, record.outcome = AccountabilityState.CLOSED, outcome
        record.closed_by_id, record.closed_at = principal.id, now
        await record.save()
        await record_change(
            principal.actor,
            "accountability.closed",
            "accountability_record",
            record.id,
            before={"state": "open"},
            after={"state": "closed"},
            note=outcome,
        )
    return record
