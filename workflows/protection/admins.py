"""三员分立 (seed 002 art. 43): the system administrator keeps settings and accounts, the
security administrator roles and permissions, the audit administrator reads the audit trail
and nothing else. No account holds two of the three; every act of theirs is audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, ValidationFailed
from models.audit import AuditRecord
from models.people import StaffAccount, StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.protection import chain
from workflows.rows import locked

ADMIN_ROLES = frozenset({StaffRole.ADMIN, StaffRole.SECURITY_ADMIN, StaffRole.AUDIT_ADMIN})
# The roles that may do the office's work (and the system admin, as before): every one but
# the security and audit administrators.
WORKING_ROLES = tuple(
    role for role in StaffRole if role not in (StaffRole.SECURITY_ADMIN, StaffRole.AUDIT_ADMIN)
)


def check_separation(roles: set[StaffRole]) -> None:
    held = sorted(role.value for role in roles & ADMIN_ROLES)
    if len(held) > 1:
        raise ValidationFailed(
            "三员分立: an account holds at most one of admin, security_admin and audit_admin",
            code="admin_roles_separated",
            fields={"roles": f"{', '.join(held)} may not be held together"},
        )


async def set_staff_roles(
    principal: Principal, staff_id: int, roles: list[StaffRole]
) -> StaffAccount:
    """The security administrator sets an account's roles (never their own)."""
    require_role(principal, StaffRole.SECURITY_ADMIN)
    wanted = set(roles)
    check_separation(wanted)
    if staff_id == principal.id:
        raise Conflict("an administrator does not change their own roles", code="own_roles")
    async with in_transaction():
        staff = await locked(StaffAccount, staff_id, "staff account", error_code="staff_not_found")
        before = sorted(staff.roles)
        staff.roles = sorted(role.value for role in wanted)
        await staff.save(update_fields=["roles", "updated_at"])
        await record_change(
            principal.actor,
            "staff.roles_changed",
            "staff_account",
            staff.id,
            before={"roles": before},
            after={"roles": staff.roles},
        )
    return staff


async def read_audit(
    principal: Principal,
    *,
    object_type: str | None,
    object_id: str | None,
    action: str | None,
    actor_kind: str | None,
    actor_id: int | None,
    since: datetime | None,
    until: datetime | None,
    offset: int,
    limit: int,
) -> tuple[list[AuditRecord], int]:
    """The audit administrator's reading of the trail; the reading is itself audited."""
    require_role(principal, StaffRole.AUDIT_ADMIN)
    filters: dict[str, Any] = {}
    for key, value in (
        ("object_type", object_type),
        ("object_id", object_id),
        ("action", action),
        ("actor_kind", actor_kind),
        ("actor_id", actor_id),
        ("at__gte", since),
        ("at__lt", until),
    ):
        if value is not None:
            filters[key] = value
    query = AuditRecord.filter(**filters)
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    await record_change(
        principal.actor,
        "audit.read",
        "audit_record",
        "query",
        after={k: str(v) for k, v in filters.items()} | {"offset": offset, "rows": len(rows)},
    )
    return rows, total


async def verify_audit(principal: Principal) -> chain.ChainReport:
    require_role(principal, StaffRole.AUDIT_ADMIN)
    await chain.seal()
    report = await chain.verify()
    await record_change(
        principal.actor,
        "audit.verified",
        "audit_record",
        "chain",
        after={"checked": report.checked, "problems": len(report.problems)},
    )
    return report
