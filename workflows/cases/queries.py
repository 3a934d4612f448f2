"""Reading cases: a citizen their own, staff their department's (supervisors and admins all),
and the hall window the walk-ins it registered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.errors import NotFound
from models.case_lifecycle import CaseDelivery, CaseFee, SpecialProcedure
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.certificates import Certificate
from models.people import Department, StaffAccount, StaffRole
from models.routing import ParallelPart
from workflows import statements as sql
from workflows.authz import Principal, require_department_access, require_own_citizen_matter
from workflows.cases.forwarding import forwarded_by_caller


@dataclass(frozen=True)
class CaseFilter:
    status: CaseStatus | None = None
    due_before: datetime | None = None
    department_id: int | None = None
    limit: int = 20
    offset: int = 0


async def case_with_department(*, by: str, value: int | str) -> Case | None:
    """The case whose `by` ("id" or "case_no", both unique) is `value`, its department joined: as
    `Case.get_or_none(...).select_related("department")` answers."""
    found = await case_with_records(by=by, value=value)
    return found[0] if found else None


async def case_with_records(*, by: str, value: int | str) -> tuple[Case, LifecycleRecords] | None:
    """The case (`by` "id" or "case_no", both unique), its department joined, and what its views
    show beside it, in one explicit statement: getCase reads it on every call (lookupProgress
    has its own), and building the ORM's queries cost more than PostgreSQL takes to answer them.
    Delivery, fee and certificate are one-to-one with the case and at most one procedure runs at
    a time; should two ever run, the ORM's reads answer (and fail) exactly as they always did."""
    if by not in ("id", "case_no"):
        raise ValueError(f"cases are read by id or case_no, not {by}")
    db = sql.connection(Case)
    (mark,) = sql.placeholders(db, 1)
    rows = await db.execute_query_dict(
        f"SELECT {sql.select_list(Case, 'c')}, {sql.select_list(Department, 'd', 'd__')}, "
        f"{_lifecycle_columns()} FROM {sql.table(Case)} c "
        f"JOIN {sql.table(Department)} d ON d.id = c.department_id {_LIFECYCLE_JOINS} "
        f"WHERE c.{by} = {mark}",
        [value],
    )
    if not rows:
        return None
    case = sql.from_row(Case, rows[0])
    sql.attach(case, "department", sql.from_row(Department, rows[0], "d__"))
    if len(rows) > 1:
        return case, await _lifecycle_records_by_orm(case.id)
    return case, _records_of(rows[0])


async def case_for(principal: Principal, case_id: int) -> Case:
    return (await readable_case(principal, case_id))[0]


async def readable_case(principal: Principal, case_id: int) -> tuple[Case, LifecycleRecords]:
    """The case if the caller may read it (else NotFound or Forbidden), with its records."""
    found = await case_with_records(by="id", value=case_id)
    if found is None:
        raise NotFound("no such case")
    case = found[0]
    if principal.is_citizen:
        require_own_citizen_matter(principal, case.citizen_id, "case")  # type: ignore[attr-defined]
    elif (
        not await _received_at_callers_window(principal, case)
        and not await _co_department(principal, case)
        and not await forwarded_by_caller(principal, case.id)
    ):
        require_department_access(principal, case.department_id, "case")  # type: ignore[attr-defined]
    return found


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


# What listMyCases shows of each case (the page shows no phone, ID number, form or materials).
MY_CASE_COLUMNS = (
    "id", "case_no", "item_name", "channel", "status", "applicant_name", "submitted_at", "due_at",
)  # fmt: skip


async def citizen_cases(principal: Principal, query: CaseFilter) -> tuple[Sequence[Any], int]:
    """The citizen's own cases, newest first, and how many there are. listMyCases runs on every
    visit of the mini-app's "my cases": two explicit statements (the count, then the page) instead
    of two ORM queries that cost more to build. The page's rows hold MY_CASE_COLUMNS in their
    Python types (only the applicant's name is opened of the sealed columns) and the department's
    `department_code` and `department_name`."""
    db = sql.connection(Case)
    where, params = "c.citizen_id = {}", [principal.id]
    if query.status is not None:
        where, params = where + " AND c.status = {}", [*params, query.status.value]
    marks = sql.placeholders(db, len(params) + 2)
    condition = where.format(*marks[: len(params)])
    _, counted = await db.execute_query(
        f"SELECT COUNT(*) FROM {sql.table(Case)} c WHERE {condition}", params
    )
    _, rows = await db.execute_query(
        f"SELECT {', '.join(f'c.{c}' for c in MY_CASE_COLUMNS)}, d.code AS department_code, "
        f"d.name AS department_name FROM {sql.table(Case)} c "
        f"JOIN {sql.table(Department)} d ON d.id = c.department_id "
        f"WHERE {condition} ORDER BY c.submitted_at DESC, c.id DESC "
        f"LIMIT {marks[-2]} OFFSET {marks[-1]}",
        [*params, query.limit, query.offset],
    )
    return sql.typed_rows(Case, rows, MY_CASE_COLUMNS), int(counted[0][0])


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


@dataclass(frozen=True, slots=True)
class LifecycleRecords:
    """What a case view shows beside the case: its delivery, the special procedure running, its
    fee and the number of its certificate (each at most one per case)."""

    delivery: CaseDelivery | None
    procedure: SpecialProcedure | None
    fee: CaseFee | None
    certificate_number: str | None


def _lifecycle_columns() -> str:
    return ", ".join(
        (
            sql.select_list(CaseDelivery, "dl", "dl__"),
            sql.select_list(SpecialProcedure, "sp", "sp__"),
            sql.select_list(CaseFee, "fe", "fe__"),
            'ce.id AS "ce__id", ce.number AS "ce__number"',
        )
    )


_LIFECYCLE_JOINS = (
    f"LEFT JOIN {CaseDelivery._meta.db_table} dl ON dl.case_id = c.id "
    f"LEFT JOIN {SpecialProcedure._meta.db_table} sp ON sp.case_id = c.id AND sp.ended_at IS NULL "
    f"LEFT JOIN {CaseFee._meta.db_table} fe ON fe.case_id = c.id "
    f"LEFT JOIN {Certificate._meta.db_table} ce ON ce.case_id = c.id"
)


def _records_of(row: dict[str, Any]) -> LifecycleRecords:
    return LifecycleRecords(
        delivery=sql.joined_from_row(CaseDelivery, row, "dl__"),
        procedure=sql.joined_from_row(SpecialProcedure, row, "sp__"),
        fee=sql.joined_from_row(CaseFee, row, "fe__"),
        certificate_number=row["ce__number"] if row["ce__id"] is not None else None,
    )


async def lifecycle_records(case_id: int) -> LifecycleRecords:
    """A case's delivery, running procedure, fee and certificate number, in one statement (see
    case_with_records); for a case read some other way."""
    db = sql.connection(Case)
    (mark,) = sql.placeholders(db, 1)
    rows = await db.execute_query_dict(
        f"SELECT {_lifecycle_columns()} FROM {sql.table(Case)} c {_LIFECYCLE_JOINS} "
        f"WHERE c.id = {mark}",
        [case_id],
    )
    if len(rows) != 1:
        return await _lifecycle_records_by_orm(case_id)
    return _records_of(rows[0])


async def _lifecycle_records_by_orm(case_id: int) -> LifecycleRecords:
    certificate = await Certificate.get_or_none(case_id=case_id)
    return LifecycleRecords(
        delivery=await CaseDelivery.get_or_none(case_id=case_id),
        procedure=await SpecialProcedure.get_or_none(case_id=case_id, ended_at=None),
        fee=await CaseFee.get_or_none(case_id=case_id),
        certificate_number=certificate.number if certificate else None,
    )
