"""What a staff intent handler gets: the bound staff member as a Principal, and services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bots.tasks import TaskTracker
from core.kv import KeyValueStore
from core.settings import Settings
from core.wecom import WeComClient
from models.people import StaffAccount, StaffRole
from workflows.accounts import KNOWN_ROLES
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.regions.scope import Scope


@dataclass(frozen=True)
class StaffContext:
    userid: str
    staff: StaffAccount | None  # bound by StaffAccount.wecom_userid, active accounts only
    settings: Settings
    kv: KeyValueStore
    calendar: WorkingCalendar
    wecom: WeComClient
    tasks: TaskTracker
    now: datetime
    # The bound account's supervision scope (workflows/regions/scope.py), when it has one.
    scope: Scope = field(default_factory=Scope)

    @property
    def principal(self) -> Principal | None:
        if self.staff is None:
            return None
        # Built exactly as the API builds it from a staff session (workflows.accounts).
        return Principal(
            kind="staff",
            id=self.staff.id,
            department_id=self.staff.department_id,  # type: ignore[attr-defined]
            roles=frozenset(StaffRole(r) for r in self.staff.roles if r in KNOWN_ROLES),
            request_id=f"wecom:{self.userid}",
            scope=self.scope.departments,
            scope_root=self.scope.root_code,
        )


async def bound_staff(userid: str) -> StaffAccount | None:
    # WeChat Work userids are case-insensitive.
    return await StaffAccount.get_or_none(wecom_userid__iexact=userid, active=True)


NOT_BOUND = "您的企业微信账号还没有绑定掌上办工作人员账号，请联系管理员绑定后再试。"
