"""An urging notice (督办通知单) with `respond_by` is answered by then, or carded.

Seed 000 §三(二): supervisors urge on yellow and red cards and follow up; the department's
answer is part of the closed loop. A notice with respond_by is watched as its own matter
(`urging`), so a missing answer earns yellow and red cards like any deadline and counts
towards accountability (accountability.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.people import StaffRole
from models.supervision import Deadline, UrgingNotice
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.rows import locked
from workflows.supervision import deadlines

SUBJECT = "urging"


async def watch_response(urging: UrgingNotice, matter: Deadline, now: datetime) -> None:
    """Inside the transaction that issued the notice."""
    if urging.respond_by is None:
        return
    if urging.respond_by.tzinfo is None:
        raise ValidationFailed(
            "give respond_by with its offset", fields={"respond_by": "needs a time zone"}
        )
    try:
        due_at = urging.respond_by.astimezone(UTC)
    except OverflowError:
        raise ValidationFailed(
            "respond_by is out of range", fields={"respond_by": "a real moment"}
        ) from None
    if due_at <= now:
        raise ValidationFailed(
            "respond_by must be in the future",
            code="respond_by_past",
            fields={"respond_by": "after now"},
        )
    await deadlines.watch(
        SUBJECT,
        urging.id,
        department_id=urging.department_id,  # type: ignore[attr-defined]
        title=f"督办回复：{matter.title}",
        started_at=now,
        due_at=due_at,
        # A moment the supervisor chose, not a count of working days.
        limit_working_days=0,
    )


async def respond(
    principal: Principal, urging_id: int, response: str, now: datetime
) -> UrgingNotice:
    require_role(principal, StaffRole.HANDLER, StaffRole.SUPERVISOR)
    async with in_transaction():
        urging = await locked(UrgingNotice, urging_id, "urging notice")
        require_department_access(principal, urging.department_id, "urging notice")  # type: ignore[attr-defined]
        if urging.responded_at is not None:
            raise Conflict("this notice was already answered", code="urging_answered")
        urging.responded_at, urging.responded_by_id = now, principal.id
        urging.response = response
        await urging.save()
        await deadlines.finish(SUBJECT, urging.id, now)
        await record_change(
            principal.actor,
            "urging.responded",
            "urging_notice",
            urging.id,
            after={"late": urging.respond_by is not None and now > urging.respond_by},
        )
    return urging


async def list_urgings(
    principal: Principal, unanswered: bool, limit: int, offset: int
) -> list[UrgingNotice]:
    query = UrgingNotice.all()
    query = query.filter(**principal.department_filter())
    if unanswered:
        query = query.filter(responded_at=None)
    return list(await query.order_by("-id").offset(offset).limit(limit))
