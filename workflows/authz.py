"""Who is calling, and the per-object checks every feature uses.

A citizen reaches only their own matters; staff reach their own department's, supervisors every
department's. Refusals for objects the caller may not see are NotFound, so that a probe learns
nothing about what exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import Forbidden, NotFound
from models.people import StaffRole
from workflows.audit import Actor


@dataclass(frozen=True)
class Principal:
    kind: str  # "citizen" or "staff"
    id: int
    department_id: int | None = None
    roles: frozenset[StaffRole] = field(default_factory=frozenset)
    request_id: str = ""

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen"

    @property
    def actor(self) -> Actor:
        return Actor(
            kind="staff" if self.is_staff else "citizen", id=self.id, request_id=self.request_id
        )

    def has_role(self, *roles: StaffRole) -> bool:
        return self.is_staff and bool(self.roles.intersection(roles))

    @property
    def sees_all_departments(self) -> bool:
        return self.has_role(StaffRole.SUPERVISOR, StaffRole.ADMIN)


def require_role(principal: Principal, *roles: StaffRole) -> None:
    if not principal.has_role(*roles):
        wanted = ", ".join(role.value for role in roles)
        raise Forbidden(f"this needs one of the roles: {wanted}", code="role_required")


def require_own_citizen_matter(
    principal: Principal, owner_citizen_id: int | None, what: str
) -> None:
    if not (principal.is_citizen and owner_citizen_id == principal.id):
        raise NotFound(f"no such {what}")


def require_department_access(principal: Principal, department_id: int, what: str) -> None:
    """Staff act on their own department's matters; supervisors and admins on every one."""
    if not principal.is_staff:
        raise NotFound(f"no such {what}")
    if principal.sees_all_departments or principal.department_id == department_id:
        return
    raise NotFound(f"no such {what}")
