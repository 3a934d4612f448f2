"""Staff sign-in with WeChat Work: the member behind the code, mapped to a staff account by
its WeCom userid (case-insensitive, as WeCom treats userids)."""

from __future__ import annotations

from datetime import datetime

from core.errors import Unauthenticated
from core.wecom import WeComClient
from models.people import StaffAccount
from workflows.audit import Actor, record_change


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
