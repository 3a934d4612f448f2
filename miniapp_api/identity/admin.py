"""How a staff account signs in, set by an admin: setStaffSignIn."""

from __future__ import annotations

from miniapp_api.identity.schemas import SignInOptionsIn, SignInOptionsOut, StaffIdParams
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.identity.staff_signin import set_sign_in_options

table = OperationTable(tags=("admin",), audience="staff", roles=(StaffRole.ADMIN,))


@table.put("/api/admin/staff/{staff_id}/sign-in", "setStaffSignIn", errors=(404, 409))
async def set_sign_in(
    principal: Principal, params: StaffIdParams, body: SignInOptionsIn
) -> SignInOptionsOut:
    """Link a WeChat Work member to a staff account; allow or stop password sign-in"""
    staff = await set_sign_in_options(
        principal, params.staff_id, body.wecom_userid, body.password_login_allowed
    )
    return SignInOptionsOut(
        id=staff.id,
        username=staff.username,
        wecom_userid=staff.wecom_userid,
        password_login_allowed=staff.password_login_allowed,
    )
