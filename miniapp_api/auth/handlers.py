"""Logging in and out, and who am I: operations login, staffLogin, logout, getMe."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from aiohttp import web

from core.appkeys import MINIPROGRAM, PASSWORDS, SESSIONS
from core.masking import mask_id_number, mask_name, mask_phone
from miniapp_api.auth.limits import limit_logins, login_guard
from miniapp_api.auth.schemas import (
    CitizenView,
    LoginIn,
    MeOut,
    RevokedOut,
    SessionOut,
    StaffDepartment,
    StaffLoginIn,
    StaffView,
)
from miniapp_api.authentication import REQUEST_ID, TOKEN
from miniapp_api.client_ip import client_ip
from miniapp_api.operations import OperationTable
from models.people import Citizen, StaffAccount
from workflows.accounts import sign_in_citizen, sign_in_staff
from workflows.authz import Principal

table = OperationTable(tags=("auth",), audience="any")


def _session_out(token: str, kind: Literal["citizen", "staff"], expires_at: float) -> SessionOut:
    return SessionOut(token=token, kind=kind, expires_at=datetime.fromtimestamp(expires_at, UTC))


@table.post("/api/auth/login", "login", audience="public", errors=(401, 429, 503))
async def login(request: web.Request, body: LoginIn) -> SessionOut:
    """Citizen login with a wx.login code (auth.code2Session)"""
    await limit_logins(request, client_ip(request))
    identity = await request.app[MINIPROGRAM].code_to_identity(body.code)
    citizen = await sign_in_citizen(identity, request.get(REQUEST_ID, ""))
    token, session = await request.app[SESSIONS].issue("citizen", citizen.id)
    return _session_out(token, "citizen", session.expires_at)


@table.post("/api/auth/staff-login", "staffLogin", audience="public", errors=(401, 429))
async def staff_login(request: web.Request, body: StaffLoginIn) -> SessionOut:
    """Staff login with username and password"""
    address = client_ip(request)
    await limit_logins(request, address)
    staff = await sign_in_staff(
        body.username, body.password, address, login_guard(request), request.app[PASSWORDS]
    )
    token, session = await request.app[SESSIONS].issue("staff", staff.id)
    return _session_out(token, "staff", session.expires_at)


# Neither logout stores its answer for an Idempotency-Key: it ends sessions, and a stored answer
# must never outlive or stand for one.
@table.post("/api/auth/logout", "logout", status=204, replayable=False)
async def logout(request: web.Request, principal: Principal) -> None:
    """Revoke the current session token"""
    await request.app[SESSIONS].revoke(request[TOKEN])


@table.post("/api/auth/logout-everywhere", "logoutEverywhere", replayable=False)
async def logout_everywhere(request: web.Request, principal: Principal) -> RevokedOut:
    """Revoke every session of the caller, on every device (e.g. after losing a phone)"""
    kind: Literal["citizen", "staff"] = "citizen" if principal.is_citizen else "staff"
    revoked = await request.app[SESSIONS].revoke_all(kind, principal.id)
    return RevokedOut(revoked=revoked)


@table.get("/api/me", "getMe")
async def get_me(principal: Principal) -> MeOut:
    """Who is logged in, with their roles"""
    if principal.is_citizen:
        citizen = await Citizen.get(id=principal.id)
        return MeOut(
            kind="citizen",
            citizen=CitizenView(
                id=citizen.id,
                real_name=mask_name(citizen.real_name),
                phone=mask_phone(citizen.phone),
                id_number=mask_id_number(citizen.id_number),
                registered_at=citizen.created_at,
                assurance_level=citizen.assurance.name,
            ),
        )
    staff = await StaffAccount.get(id=principal.id).prefetch_related("department")
    return MeOut(
        kind="staff",
        staff=StaffView(
            id=staff.id,
            username=staff.username,
            name=staff.name,
            department=StaffDepartment(
                id=staff.department.id, code=staff.department.code, name=staff.department.name
            ),
            roles=sorted(role.value for role in principal.roles),
            wecom_bound=staff.wecom_userid is not None,
        ),
    )
