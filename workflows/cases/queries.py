"""Reading cases: a citizen their own, staff their department's (supervisors and admins all),
and the hall window the walk-ins it registered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.errors import NotFound
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.people import Department, StaffAccount, StaffRole
from models.routing import ParallelPart
from workflows.authz import Principal, require_department_access, require_own_citizen_matter
from workflows.cases.forwarding import forwarded_by_caller


@dataclass(frozen=True)
class CaseFilter:
    status: CaseStatus | None = None
    due_before: datetime | None = None
    department_id: int | None = None
    limit: int = 20
    offset: int = 0


async def case_for(principal: Principal, case_id: int) -> Case:
    case = await Case.get_or_none(id=case_id).select_related("department")
    if case is None:
        raise NotFound("no such case")
    if principal.is_citizen:
        require_own_citizen_matter(principal, case.citizen_id, "case")  # type: ignore[attr-defined]
    elif (
        not await _received_at_callers_window(principal, case)
        and not await _co_department(principal, case)
        and not await forwarded_by_caller(principal, case.id)
    ):
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    return case


async def _co_department(principal: Principal, case: Case) -> bool:
    """A co-department (协办) of a case run in parallel (并联) reads what it gives an opinion on."""
    if not principal.is_staff or principal.department_id is None:
        return False
    return await ParallelPart.exists(case_id=case.id, department_id=principal.department_id)


async def _received_at_callers_window(principal: Principal, case: Case) -> bool:
    """The window that took a walk-in for another department (一窗受理) keeps reading it: the
    clerk who registered it, and the clerks of the same hall (their department runs the hall)."""
    registered_by = case.registered_by_id  # type: ignore[attr-defined]
    if registered_by is None or not principal.is_staff:
        return False
    if registered_by == principal.id:
        return True
    if principal.department_id is None or not principal.has_role(StaffRole.CLERK):
        return False
    return await StaffAccount.exists(id=registered_by, department_id=principal.department_id)


async def citizen_cases(principal: Principal, query: CaseFilter) -> tuple[list[Case], int]:
    rows = Case.filter(citizen_id=principal.id)
    if query.status is not None:
        rows = rows.filter(status=query.status)
    total = await rows.count()
    page = (
        await rows.order_by("-submitted_at", "-id")
        .offset(query.offset)
        .limit(query.limit)
        .select_related("department")
    )
    return list(page), total


async def department_cases(principal: Principal, query: CaseFilter) -> tuple[list[Case], int]:
    department_id = query.department_id
    if department_id is None and not principal.supervises:
        department_id = principal.department_id
    if department_id is not None:
        require_department_access(principal, department_id, "department")
    rows = Case.all()
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    else:  # a supervisor: every department under their region
        rows = rows.filter(**principal.department_filter())
    if query.status is not None:
        rows = rows.filter(status=query.status)
    if query.due_before is not None:
        rows = rows.filter(due_at__lte=query.due_before)
    total = await rows.count()
    # With a due filter, the most urgent first; otherwise the newest first.
    order = ("due_at", "id") if query.due_before is not None else ("-submitted_at", "-id")
    page = (
        await rows.order_by(*order)
        .offset(query.offset)
        .limit(query.limit)
        .select_related("department")
    )
    return list(page), total


async def timeline(case: Case) -> list[CaseTimelineEntry]:
    """The steps with their department and staff, joined in one query."""
    return list(
        await CaseTimelineEntry.filter(case_id=case.id)
        .order_by("seq")
        .select_related("department", "staff")
    )


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """A step as the case views show it: what happened, where and by whom."""

    seq: int
    at: datetime
    action: str
    status: CaseStatus
    note: str
    details: dict[str, Any]
    department_name: str
    staff_name: str | None


async def timeline_rows(case_id: int) -> list[TimelineRow]:
    """The steps of one case for its views, in one hand-written statement: the ORM would build
    the same join anew for every request, which costs more than the query itself."""
    db = CaseTimelineEntry._meta.db
    placeholder = "$1" if db.capabilities.dialect == "postgres" else "?"
    rows = await db.execute_query_dict(
        "SELECT t.seq, t.at, t.action, t.status, t.note, t.details, "
        "d.name AS department_name, s.name AS staff_name "
        f"FROM {CaseTimelineEntry._meta.db_table} t "
        f"JOIN {Department._meta.db_table} d ON d.id = t.department_id "
        f"LEFT JOIN {StaffAccount._meta.db_table} s ON s.id = t.staff_id "
        f"WHERE t.case_id = {placeholder} ORDER BY t.seq",
        [case_id],
    )
    fields = CaseTimelineEntry._meta.fields_map
    at, status, details = fields["at"], fields["status"], fields["details"]
    return [
        TimelineRow(
            seq=row["seq"],
            at=at.to_python_value(row["at"]),
            action=row["action"],
            status=status.to_python_value(row["status"]),
            note=row["note"],
            details=details.to_python_value(row["details"]),
            department_name=row["department_name"],
            staff_name=row["staff_name"],
        )
        for row in rows
    ]
