"""Bringing the catalog in line with a changed list (seed 002 art. 10).

"权责清单、行政许可事项清单…发生调整后，…应在10个工作日内对政务服务事项库进行更新": the
supervising office records that a list changed for a department; from then the department has
`[catalog] alignment_days` working days, watched by supervision (yellow/red cards like every
deadline) until the department reports the catalog updated.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, ValidationFailed
from models.catalog_review import AlignmentState, CatalogAlignment
from models.people import Department, StaffRole
from workflows import clock
from workflows.audit import record_change
from workflows.authz import Principal, require_department_access, require_role
from workflows.calendar import WorkingCalendar
from workflows.rows import locked
from workflows.supervision import deadlines

SUBJECT = "catalog_alignment"
OLDEST_CHANGE = timedelta(days=366)
CLOCK_SKEW = timedelta(minutes=5)


async def record_list_change(
    principal: Principal,
    department_code: str,
    list_name: str,
    description: str,
    changed_at: datetime,
    days: int,
    calendar: WorkingCalendar,
) -> CatalogAlignment:
    require_role(principal, StaffRole.SUPERVISOR, StaffRole.ADMIN)
    now = clock.utc_now()
    try:
        changed_at = changed_at.astimezone(UTC)
    except OverflowError:
        changed_at = now + OLDEST_CHANGE  # out of range either way
    if not now - OLDEST_CHANGE <= changed_at <= now + CLOCK_SKEW:
        raise ValidationFailed(
            "a list change is recorded when it happens: not ahead, at most a year back",
            code="changed_at_out_of_range",
            fields={"changed_at": "within the last year"},
        )
    department = await Department.get_or_none(code=department_code)
    if department is None:
        raise NotFound("no department with that code", code="department_not_found")
    due_at = calendar.due_at(changed_at, days)
    async with in_transaction():
        alignment = await CatalogAlignment.create(
            department=department,
            list_name=list_name,
            description=description,
            list_changed_at=changed_at,
            due_at=due_at,
            recorded_by_id=principal.id,
        )
        await deadlines.watch(
            SUBJECT,
            alignment.id,
            department_id=department.id,
            title=f"事项库更新：{list_name}",
            started_at=changed_at,
            due_at=due_at,
            limit_working_days=days,
        )
        await record_change(
            principal.actor,
            "catalog.list_changed",
            SUBJECT,
            alignment.id,
            after={"department": department.code, "list": list_name, "due_at": due_at.isoformat()},
        )
    return alignment


async def complete_alignment(
    principal: Principal, alignment_id: int, note: str, now: datetime
) -> CatalogAlignment:
    require_role(principal, StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)
    async with in_transaction():
        alignment = await locked(CatalogAlignment, alignment_id, "catalog alignment")
        require_department_access(principal, alignment.department_id, "catalog alignment")  # type: ignore[attr-defined]
        if alignment.state == AlignmentState.DONE:
            raise Conflict("the catalog was already brought in line", code="alignment_done")
        alignment.state, alignment.done_at = AlignmentState.DONE, now
        alignment.done_by_id, alignment.done_note = principal.id, note
        await alignment.save()
        await deadlines.finish(SUBJECT, alignment.id, now)
        await record_change(
            principal.actor, "catalog.aligned", SUBJECT, alignment.id, after={"note": note}
        )
    return alignment


async def list_alignments(
    principal: Principal, state: AlignmentState | None, limit: int, offset: int
) -> list[CatalogAlignment]:
    query = CatalogAlignment.all()
    query = query.filter(**principal.department_filter())
    if state is not None:
        query = query.filter(state=state)
    return list(await query.order_by("due_at", "id").offset(offset).limit(limit))
