"""Signing in: citizens by their WeChat identity, staff by password; sessions to principals."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Unauthenticated
from core.metrics import login_failed
from core.passwords import PasswordPool
from core.sessions import Session
from core.wechat import WeChatIdentity
from models.people import Citizen, StaffAccount, StaffRole
from workflows import clock, statements
from workflows.audit import Actor, record_change
from workflows.authz import Principal
from workflows.login_alerts import alert_admins
from workflows.login_guard import LoginGuard
from workflows.regions.scope import staff_scope

KNOWN_ROLES = frozenset(role.value for role in StaffRole)


async def sign_in_citizen(identity: WeChatIdentity, request_id: str = "") -> Citizen:
    """Find the citizen by openid, or register them on their first login."""
    now = clock.utc_now()
    citizen = await Citizen.get_or_none(openid=identity.openid)
    if citizen is None:
        try:
            async with in_transaction():
                citizen = await Citizen.create(
                    openid=identity.openid, unionid=identity.unionid, last_login_at=now
                )
                await record_change(
                    Actor(kind="citizen", id=citizen.id, request_id=request_id),
                    "citizen.registered",
                    "citizen",
                    citizen.id,
                    after={"unionid_known": identity.unionid is not None},
                )
            return citizen
        except IntegrityError:
            # The same user logged in twice at once; the other request registered them.
            citizen = await Citizen.get(openid=identity.openid)
    changes: dict[str, object] = {"last_login_at": now}
    if identity.unionid and identity.unionid != citizen.unionid:
        changes["unionid"] = identity.unionid
    await Citizen.filter(id=citizen.id).update(**changes)
    citizen.update_from_dict(changes)
    return citizen


async def sign_in_staff(
    username: str, password: str, address: str, guard: LoginGuard, passwords: PasswordPool
) -> StaffAccount:
    """Check the password of the account, from this client address, throttled by `guard`."""
    account = username.lower()
    # Before any hash: a throttled address costs us nothing but this read.
    await guard.check(account, address)
    staff = await StaffAccount.get_or_none(username=username)
    # Verify even for an unknown name, so timing does not tell which usernames exist.
    valid = await passwords.verify(staff.password_hash if staff else None, password)
    if staff is None or not valid or not staff.active:
        login_failed("staff", "bad_credentials")
        burst = await guard.failed(account, address)
        if burst is not None and staff is not None:
            await alert_admins(staff, burst, guard.memory_minutes)
        raise Unauthenticated("wrong username or password", code="bad_credentials")
    if not staff.password_login_allowed:
        raise Unauthenticated(
            "this account signs in with WeChat Work only", code="password_login_disabled"
        )
    await guard.succeeded(account, address)
    await StaffAccount.filter(id=staff.id).update(last_login_at=clock.utc_now())
    return staff


async def citizen_exists(citizen_id: int) -> bool:
    """Whether the account behind a citizen's session is still there: on every request, so one
    explicit statement (the ORM's exists() costs more to build than to answer)."""
    db = statements.connection(Citizen)
    (mark,) = statements.placeholders(db, 1)
    _, rows = await db.execute_query(
        f"SELECT 1 FROM {statements.table(Citizen)} WHERE id = {mark} LIMIT 1", [citizen_id]
    )
    return bool(rows)


async def principal_for(
    session: Session, request_id: str = "", check_citizen: bool = True
) -> Principal | None:
    """The caller behind a session, or None when the account is gone or disabled (a citizen's
    account not asked after with `check_citizen=False`: the caller's workflow does it)."""
    if session.kind == "citizen":
        if check_citizen and not await citizen_exists(session.subject_id):
            return None
        return Principal(kind="citizen", id=session.subject_id, request_id=request_id)
    staff = await StaffAccount.get_or_none(id=session.subject_id, active=True)
    if staff is None:
        return None
    scope = await staff_scope(staff)
    return Principal(
        kind="staff",
        id=staff.id,
        department_id=staff.department_id,  # type: ignore[attr-defined]
        roles=frozenset(StaffRole(role) for role in staff.roles if role in KNOWN_ROLES),
        request_id=request_id,
        scope=scope.departments,
        scope_root=scope.root_code,
    )
