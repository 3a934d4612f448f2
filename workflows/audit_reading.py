"""Reading the audit trail by object, person and day, as far as the reader may see it.

- The audit administrator (审计管理员, 三员分立) reads every entry, the other administrators' acts
  included, through protection/admins.read_audit.
- A supervisor reads the entries about the matters of their region (cases, tickets, cards, urging
  notices, reviews and rectifications of the departments in scope; every department's when the
  account has no region). Administrators' acts (accounts, roles, regions, the trail itself) are
  not matters and stay with the audit administrator.

Every reading is itself audited, and personal data in what is shown stays masked: the writers
mask phones when they record them, and free text (notes) is masked here again in case someone
typed a number into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.models import Model

from core.masking import mask_id_number, mask_name, mask_phone
from models.audit import AuditRecord
from models.cases import Case
from models.people import StaffAccount, StaffRole
from models.reviews import Rectification, Review
from models.supervision import SupervisionCard, UrgingNotice
from models.tickets import Ticket
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.protection.admins import read_audit
from workflows.tickets import access

# Object kinds a supervisor may read, and the model whose department places them in a region.
MATTERS: dict[str, type[Model]] = {
    "case": Case,
    "ticket": Ticket,
    "supervision_card": SupervisionCard,
    "urging_notice": UrgingNotice,
    "review": Review,
    "rectification": Rectification,
}
PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
PHONE_KEYS = ("phone", "mobile")
NAME_KEYS = frozenset(
    {"real_name", "contact_name", "applicant_name", "citizen_name", "reviewer_name"}
)


@dataclass(frozen=True)
class TrailFilter:
    object_type: str | None = None
    object_id: str | None = None
    username: str | None = None  # a staff account's
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class TrailEntry:
    id: int
    at: datetime
    actor_kind: str
    actor: str  # the staff username, or the kind and id of another actor
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    note: str


@dataclass(frozen=True)
class TrailPage:
    entries: list[TrailEntry]
    total: int
    unknown_person: bool = False


async def read_trail(
    principal: Principal, wanted: TrailFilter, *, offset: int, limit: int
) -> TrailPage:
    require_role(principal, StaffRole.AUDIT_ADMIN, StaffRole.SUPERVISOR)
    actor_id = None
    if wanted.username:
        staff = await StaffAccount.get_or_none(username=wanted.username)
        if staff is None:
            return TrailPage([], 0, unknown_person=True)
        actor_id = staff.id
    if principal.has_role(StaffRole.AUDIT_ADMIN):
        rows, total = await read_audit(
            principal,
            object_type=wanted.object_type,
            object_id=wanted.object_id,
            action=None,
            actor_kind="staff" if actor_id is not None else None,
            actor_id=actor_id,
            since=wanted.since,
            until=wanted.until,
            offset=offset,
            limit=limit,
        )
    else:
        rows, total = await _region_trail(principal, wanted, actor_id, offset, limit)
    return TrailPage(await _entries(rows), total)


async def _region_trail(
    principal: Principal, wanted: TrailFilter, actor_id: int | None, offset: int, limit: int
) -> tuple[list[AuditRecord], int]:
    if wanted.object_type and wanted.object_type not in MATTERS:
        return [], 0  # not a matter (an account, a region, the trail): the audit admin's
    query = AuditRecord.filter(_in_region(principal, wanted.object_type))
    filters: dict[str, Any] = {}
    for key, value in (
        ("object_id", wanted.object_id),
        ("actor_kind", "staff" if actor_id is not None else None),
        ("actor_id", actor_id),
        ("at__gte", wanted.since),
        ("at__lt", wanted.until),
    ):
        if value is not None:
            filters[key] = value
    query = query.filter(**filters)
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    await record_change(
        principal.actor,
        "audit.read",
        "audit_record",
        "region",
        after={k: str(v) for k, v in filters.items()}
        | {"object_type": wanted.object_type or "", "offset": offset, "rows": len(rows)},
    )
    return list(rows), total


def _in_region(principal: Principal, object_type: str | None) -> Q:
    """Entries about matters of the principal's region (of one kind, if given)."""
    kinds = [object_type] if object_type else sorted(MATTERS)
    if principal.visible_departments() is None:
        return Q(object_type__in=kinds)
    return Q(
        *(Q(object_type=kind, object_id__in=_ids_in_scope(principal, kind)) for kind in kinds),
        join_type=Q.OR,
    )


def _ids_in_scope(principal: Principal, kind: str) -> Subquery:
    model = MATTERS[kind]
    if model is Ticket:
        query = Ticket.filter(access.scope_query(principal))
    else:
        query = model.filter(**principal.department_filter())
    # object_id is text (some objects are named, not numbered): compare as text, so the trail's
    # (object_type, object_id) index answers from the matters found.
    text_id = RawSQL(f'CAST("{model._meta.db_table}"."id" AS VARCHAR(64))')
    return Subquery(query.annotate(text_id=text_id).values("text_id"))


async def _entries(rows: list[AuditRecord]) -> list[TrailEntry]:
    staff_ids = {row.actor_id for row in rows if row.actor_kind == "staff" and row.actor_id}
    names = dict(await StaffAccount.filter(id__in=sorted(staff_ids)).values_list("id", "username"))
    return [
        TrailEntry(
            id=row.id,
            at=row.at,
            actor_kind=row.actor_kind,
            actor=_actor(row, names),
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            before=masked(row.before),
            after=masked(row.after),
            note=masked(row.note),
        )
        for row in rows
    ]


def _actor(row: AuditRecord, names: dict[int, str]) -> str:
    if row.actor_kind == "staff" and row.actor_id in names:
        return names[row.actor_id]
    if row.actor_id is None:
        return row.actor_kind
    return f"{row.actor_kind} #{row.actor_id}"


def masked(value: Any, key: str = "") -> Any:
    """A detail value with phones, ID numbers and citizens' names masked, at any depth."""
    if isinstance(value, dict):
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(item, key) for item in value]
    if not isinstance(value, str):
        return value
    lowered = key.lower()
    if any(part in lowered for part in PHONE_KEYS) and "*" not in value:
        return mask_phone(value)
    if "id_number" in lowered and "*" not in value:
        return mask_id_number(value)
    if lowered in NAME_KEYS and "*" not in value:
        return mask_name(value)
    value = ID_NUMBER.sub(lambda m: mask_id_number(m.group()) or "", value)
    return PHONE.sub(lambda m: mask_phone(m.group()) or "", value)
