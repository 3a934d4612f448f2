"""The one statement an anonymous lookup reads: the case as its progress view shows it, its
department's name, the special procedure running, the fee, and every step with its department.

The lookup is the public hot path (the mini-app's "查进度" without logging in, and the chat bot):
one round trip where the general reads take two (the case with its records, then the timeline),
only the columns the view shows (not the form, the materials or the ID number), and no model
built for the case. Each value still converts as tortoise's own read converts it (`_convert`
mirrors `Model._init_from_db`), so SQLite's text datetimes and JSON come out as the ORM's do.
The personal fields stay sealed here: the lookup opens only what the proof and the view need,
once the proof matched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any

from tortoise.models import Model

from models.case_lifecycle import CaseFee, SpecialProcedure
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.people import Department
from workflows import statements as sql
from workflows.cases.queries import TimelineRow, timeline_rows

CASE_COLUMNS = (
    "id",
    "case_no",
    "lookup_secret_hash",
    "item_name",
    "status",
    "applicant_name",
    "applicant_phone",
    "submitted_at",
    "due_at",
    "correction_materials",
)
STEP_COLUMNS = ("seq", "at", "action", "status", "note", "details")
SEALED = frozenset(("applicant_name", "applicant_phone"))
Converters = tuple[tuple[str, Callable[[Any], Any]], ...]  # (column, its value as the ORM reads it)


@dataclass(frozen=True, slots=True)
class CaseForLookup:
    """A case as the lookup reads it; `sealed_*` are as stored (see `open_personal`)."""

    id: int
    case_no: str
    lookup_secret_hash: str
    item_name: str
    status: CaseStatus
    sealed_applicant_name: str
    sealed_applicant_phone: str
    submitted_at: datetime
    due_at: datetime | None
    correction_materials: list[str]
    department_name: str
    procedure: SpecialProcedure | None  # the one running, if any
    fee: CaseFee | None
    steps: list[TimelineRow]  # without the staff's names: an anonymous view never shows them


def open_personal(field: str, stored: str) -> str:
    """A sealed personal field of the case in clear, as reading it through the model opens it."""
    return Case._meta.fields_map[field].to_python_value(stored)  # type: ignore[no-any-return]


async def case_for_lookup(case_no: str) -> CaseForLookup | None:
    db = sql.connection(Case)
    (mark,) = sql.placeholders(db, 1)
    read = _prepared(db.capabilities.dialect, mark)
    rows = await db.execute_query_dict(read.statement, [case_no])
    if not rows:
        return None
    first = rows[0]
    case = {column: convert(first[f"c__{column}"]) for column, convert in read.case_columns}
    steps = [_step(row, read.step_columns) for row in rows if row["t__seq"] is not None]
    procedure = sql.joined_from_row(SpecialProcedure, first, "sp__")
    if len(rows) > len({row["t__seq"] for row in rows}):
        # Each step came more than once: two procedures run at once, which must not be. The
        # ORM's read answers (and fails) exactly as it always did; the steps are read apart.
        procedure = await SpecialProcedure.get_or_none(case_id=case["id"], ended_at=None)
        steps = [replace(s, staff_name=None) for s in await timeline_rows(case["id"])]
    return CaseForLookup(
        id=case["id"],
        case_no=case["case_no"],
        lookup_secret_hash=case["lookup_secret_hash"],
        item_name=case["item_name"],
        status=case["status"],
        sealed_applicant_name=case["applicant_name"],
        sealed_applicant_phone=case["applicant_phone"],
        submitted_at=case["submitted_at"],
        due_at=case["due_at"],
        correction_materials=case["correction_materials"],
        department_name=first["d__name"],
        procedure=procedure,
        fee=sql.joined_from_row(CaseFee, first, "fe__"),
        steps=steps,
    )


@dataclass(frozen=True)
class _Read:
    statement: str
    case_columns: Converters
    step_columns: Converters


@cache
def _prepared(dialect: str, mark: str) -> _Read:
    """The statement and its columns' conversions, made once per backend (building them anew
    cost each request as much as converting its row). Only called with tortoise initialised,
    when every model's columns (the one-to-one keys' too) are known."""
    return _Read(
        _statement(mark),
        tuple((column, _convert(Case, column)) for column in CASE_COLUMNS),
        tuple((column, _convert(CaseTimelineEntry, column)) for column in STEP_COLUMNS),
    )


def _statement(mark: str) -> str:
    """The case's row once per step, in step order (a case has a handful of steps)."""
    case = ", ".join(f'c.{c} AS "c__{c}"' for c in CASE_COLUMNS)
    step = ", ".join(f't.{c} AS "t__{c}"' for c in STEP_COLUMNS)
    return (
        f'SELECT {case}, d.name AS "d__name", {sql.select_list(SpecialProcedure, "sp", "sp__")}, '
        f'{sql.select_list(CaseFee, "fe", "fe__")}, {step}, td.name AS "td__name" '
        f"FROM {sql.table(Case)} c JOIN {sql.table(Department)} d ON d.id = c.department_id "
        f"LEFT JOIN {sql.table(SpecialProcedure)} sp ON sp.case_id = c.id AND sp.ended_at IS NULL "
        f"LEFT JOIN {sql.table(CaseFee)} fe ON fe.case_id = c.id "
        f"LEFT JOIN {sql.table(CaseTimelineEntry)} t ON t.case_id = c.id "
        f"LEFT JOIN {sql.table(Department)} td ON td.id = t.department_id "
        f"WHERE c.case_no = {mark} ORDER BY t.seq"
    )


def _step(row: dict[str, Any], columns: Converters) -> TimelineRow:
    step = {column: convert(row[f"t__{column}"]) for column, convert in columns}
    return TimelineRow(**step, department_name=row["td__name"], staff_name=None)


def _convert(model: type[Model], column: str) -> Callable[[Any], Any]:
    """One column's value as `Model._init_from_db` converts it; sealed fields stay sealed."""
    meta = model._meta
    if column in SEALED or any(key == column for key, _, _ in meta.db_native_fields):
        return _as_read
    for key, _, field in meta.db_default_fields:
        if key == column:
            field_type = field.field_type
            return lambda value: value if value is None else field_type(value)
    return meta.fields_map[column].to_python_value


def _as_read(value: Any) -> Any:
    return value
