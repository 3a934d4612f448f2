"""Operations setStaffRoles (security admin), listAudit and verifyAuditChain (audit admin)."""

from __future__ import annotations

from miniapp_api.operations import OperationTable
from miniapp_api.protection.schemas import (
    AuditEntry,
    AuditPage,
    AuditQuery,
    ChainCheckOut,
    StaffRolesIn,
    StaffRolesOut,
    StaffRolesParams,
)
from models.people import StaffRole
from workflows.authz import Principal
from workflows.protection import admins

table = OperationTable(tags=("admin",), audience="staff", roles=(StaffRole.SECURITY_ADMIN,))


@table.put("/api/admin/staff/{staff_id}/roles", "setStaffRoles", errors=(404, 409))
async def set_roles(
    principal: Principal, params: StaffRolesParams, body: StaffRolesIn
) -> StaffRolesOut:
    """Set a staff account's roles (security admin; at most one administrator role)"""
    staff = await admins.set_staff_roles(principal, params.staff_id, body.roles)
    return StaffRolesOut(id=staff.id, username=staff.username, roles=staff.roles)


@table.get("/api/admin/audit", "listAudit", roles=(StaffRole.AUDIT_ADMIN,))
async def list_audit(principal: Principal, query: AuditQuery) -> AuditPage:
    """The audit trail, newest first (audit admin; the reading is audited too)"""
    rows, total = await admins.read_audit(principal, **query.model_dump())
    return AuditPage(
        items=[AuditEntry.model_validate(row, from_attributes=True) for row in rows], total=total
    )


@table.get("/api/admin/audit/chain", "verifyAuditChain", roles=(StaffRole.AUDIT_ADMIN,))
async def verify_chain(principal: Principal) -> ChainCheckOut:
    """Recompute the SM3 chain: names each edited entry and each run of deleted entries"""
    report = await admins.verify_audit(principal)
    return ChainCheckOut(
        intact=report.intact,
        checked=report.checked,
        unsealed=report.unsealed,
        problems=report.problems,
    )
