"""Staff sign-in with WeChat Work: the member behind the code, mapped to a staff account by
its WeCom userid (case-insensitive, as WeCom treats userids)."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, Unauthenticated
from core.wecom import WeComClient
from models.people import StaffAccount
from workflows.audit import Actor, record_change
from workflows.authz import Principal


async def sign_in_staff_by_wecom(
    wecom: WeComClient, code: str, now: datetime, request_id: str = ""
) -> StaffAccount:
    member = await wecom.signed_in_member(code)
    if not member.active:
        raise Unauthenticated("this WeChat Work member is disabled", code="wecom_member_inactive")
    staff = await StaffAccount.filter(wecom_userid__iexact=member.userid, active=True).first()
    if staff is None:
        await record_change(
            Actor.system(request_id),
            "staff.wecom_signin_refused",
            "wecom_member",
            member.userid[:64],
            after={"code": "wecom_account_unknown"},
        )
        raise Unauthenticated(
            "no staff account is linked to this WeChat Work member; ask an administrator",
            code="wecom_account_unknown",
        )
    await StaffAccount.filter(id=staff.id).update(last_login_at=now)
    return staff


async def set_sign_in_options(
    principal: Principal, staff_id: int, wecom_userid: str | None, password_allowed: bool
) -> StaffAccount:
    """An admin links a WeChat Work member and decides whether the password still works."""
    if not password_allowed and not wecom_userid:
        raise Conflict("an account without WeChat Work needs its password", code="no_sign_in_left")
    try:
        async with in_transaction():
            staff = await StaffAccount.select_for_update().get_or_none(id=staff_id)
            if staff is None or not principal.in_scope(staff.department_id):  # type: ignore[attr-defined]
                # A county's admin manages the county's accounts (DOMAIN.md "Levels").
                raise NotFound("no such staff account", code="staff_not_found")
            before = _options(staff)
            staff.wecom_userid = wecom_userid
            staff.password_login_allowed = password_allowed
            await staff.save(update_fields=["wecom_userid", "password_login_allowed", "updated_at"])
            await record_change(
                principal.actor, "staff.sign_in_changed", "staff_account", staff.id,
                before=before, after=_options(staff),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(
            "that WeChat Work member is linked to another account", code="wecom_userid_taken"
        ) from None
    return staff


def _options(staff: StaffAccount) -> dict[str, object]:
    return {
        "wecom_userid": staff.wecom_userid,
        "password_login_allowed": staff.password_login_allowed,
    }
