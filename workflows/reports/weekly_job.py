"""The Monday job: produce last week's report once and send supervisors a summary card.

Runs at any scan after the configured Monday time, so a worker that was down on Monday
catches up later in the week. The report row (unique per week) and the outbox rows are
written in one transaction: a second worker's insert fails and it sends nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.people import StaffAccount, StaffRole
from models.reports import WeeklyReport
from workflows.audit import Actor, record_change
from workflows.outbox import enqueue, notice_key, to_staff
from workflows.regions.scope import staff_scope
from workflows.reports.build import compute
from workflows.reports.period import last_full_week, this_monday
from workflows.reports.reading import from_stored

log = logging.getLogger(__name__)
TEMPLATE = "weekly_report_summary"
SUBJECT = "weekly_report"


def due_after(now: datetime, tz: ZoneInfo, run_at: time) -> datetime:
    """This week's run time (Monday, local) for the week containing `now`."""
    return datetime.combine(this_monday(now, tz), run_at, tzinfo=tz)


async def produce_weekly_report(now: datetime, tz: ZoneInfo, run_at: time) -> WeeklyReport | None:
    if now < due_after(now, tz, run_at):
        return None
    period = last_full_week(now, tz)
    if await WeeklyReport.exists(period_start=period.first_day):
        return None
    data = await compute(period, now, department_id=None, region=None)
    supervisors = [
        staff
        for staff in await StaffAccount.filter(active=True).only(
            "id", "roles", "department_id", "region_node_id"
        )
        if staff.has_role(StaffRole.SUPERVISOR)
    ]
    # Each supervisor's card sums their own region's departments only.
    scopes = {staff.id: (await staff_scope(staff)).departments for staff in supervisors}
    try:
        async with in_transaction():
            report = await WeeklyReport.create(
                period_start=period.first_day,
                period_end=period.last_day,
                generated_at=now,
                data=data,
            )
            await record_change(
                Actor.system(), "report.weekly_generated", SUBJECT, report.id,
                after={"week_start": period.first_day.isoformat()},
            )  # fmt: skip
            await enqueue(
                to_staff(
                    notice_key(SUBJECT, period.first_day.isoformat(), "staff", staff.id),
                    staff.id,
                    TEMPLATE,
                    summary_data(
                        from_stored(data, period, None, None, scopes[staff.id]), report.id
                    ),
                    subject_type=SUBJECT,
                    subject_id=report.id,
                )
                for staff in supervisors
            )
    except IntegrityError:
        log.info("the report of the week from %s was produced by another worker", period.first_day)
        return None
    return report


def _percent(value: float | int | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def summary_data(data: dict[str, Any], report_id: int) -> dict[str, Any]:
    total = data["total"]
    return {
        "report_id": report_id,
        "period": data["period"]["label"],
        "week_start": data["period"]["week_start"],
        "cases_received": total["cases_received"],
        "cases_closed": total["cases_closed"],
        "online_rate": _percent(total["cases_online_rate"]),
        "on_time_rate": _percent(total["cases_on_time_rate"]),
        "tickets_received": total["tickets_consult"]
        + total["tickets_complaint"]
        + total["tickets_suggestion"],
        "yellow_issued": total["yellow_issued"],
        "red_issued": total["red_issued"],
        "urgings": total["urgings"],
    }
