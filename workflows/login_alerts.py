"""Telling the admins that someone is guessing a staff member's password, once per burst."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.people import StaffAccount, StaffRole
from workflows.audit import Actor, record_change
from workflows.login_guard import Burst
from workflows.outbox import enqueue, notice_key, to_staff

TEMPLATE = "staff_login_failures"


async def alert_admins(staff: StaffAccount, burst: Burst, within_minutes: int) -> None:
    admins = [
        admin
        for admin in await StaffAccount.filter(active=True).only("id", "roles")
        if admin.has_role(StaffRole.ADMIN)
    ]
    data = {"username": staff.username, "failures": burst.failures, "minutes": within_minutes}
    async with in_transaction():
        await record_change(
            Actor.system(), "staff.login_failures_alerted", "staff_account", staff.id, after=data
        )
        await enqueue(
            to_staff(
                notice_key("login_failures", staff.id, burst.started_at, "staff", admin.id),
                admin.id,
                TEMPLATE,
                data,
                subject_type="staff_account",
                subject_id=staff.id,
            )
            for admin in admins
        )
