"""Who is calling, and the per-object checks every feature uses.

A citizen reaches only their own matters; staff reach their own department's, supervisors and
admins the departments under their region (a county its county, a city all its counties; an
account with no region every department). Refusals for objects the caller may not see are
NotFound, so that a probe learns nothing about what exists.
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
    # Supervising roles' reach: the departments under their region (workflows/regions/scope.py);
    # None: not limited to a region.
    scope: frozenset[int] | None = None
    # The code of the region that scope is the subtree of (reports stop their subtotals there).
    scope_root: str | None = None

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
    def supervises(self) -> bool:
        """Watches departments beyond its own (within `scope`)."""
        return self.has_role(StaffRole.SUPERVISOR, StaffRole.ADMIN)

    @property
    def sees_all_departments(self) -> bool:
        """A supervisor or admin whose reach no region limits: lists need no department filter."""
        return self.supervises and self.scope is None

    def may_see_department(self, department_id: int | None) -> bool:
        if not self.is_staff or department_id is None:
            return False
        if department_id == self.department_id:
            return True
        return self.supervises and (self.scope is None or department_id in self.scope)

    def in_scope(self, department_id: int | None) -> bool:
        """Within this account's region scope (any role that has one); True when unlimited."""
        return self.scope is None or department_id in self.scope

    def visible_departments(self) -> frozenset[int] | None:
        """The departments a list may show this caller: None for every one."""
        if self.sees_all_departments:
            return None
        if self.supervises and self.scope is not None:
            return self.scope
        return frozenset({self.department_id}) if self.department_id is not None else frozenset()

    def department_filter(self, field: str = "department_id") -> dict[str, object]:
        """Keyword filter limiting a query to `visible_departments` ({} for every one)."""
        visible = self.visible_departments()
        return {} if visible is None else {f"{field}__in": sorted(visible)}


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
    """Staff act on their own department's matters; supervisors and admins on those in scope.

    Outside the scope is NotFound: a county supervisor learns nothing of the other county."""
    if not principal.may_see_department(department_id):
        where = " in your scope" if principal.scope is not None else ""
        raise NotFound(f"no such {what}{where}")
