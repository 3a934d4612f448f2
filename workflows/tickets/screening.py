"""The intake office's own limit: a new ticket is screened within `screening_days` working days.

Seed 002 art. 32 times a ticket from its acceptance, so nothing watched the time before it: a
ticket could wait for screening for ever. It is watched as its own kind of matter
(`ticket_screening`), carded yellow/red like every deadline, and done once screened or merged.
"""

from __future__ import annotations

import json
from datetime import datetime

from core.settings import TicketSettings
from models.people import Department, StaffAccount, StaffRole
from models.tickets import Ticket
from workflows import statements
from workflows.calendar import WorkingCalendar
from workflows.supervision import deadlines
from workflows.tickets.records import public_title
from workflows.tickets.rules import working_due

SCREENING_SUBJECT = "ticket_screening"


# The first active supervisor's department, found by the database: a new ticket used to read
# every active staff account (and their roles) to pick one.
_FIRST_SUPERVISOR = {
    "postgres": "SELECT department_id FROM staff_account"
    " WHERE active AND roles @> $1::text::jsonb ORDER BY id LIMIT 1",
    "sqlite": "SELECT department_id FROM staff_account WHERE active AND EXISTS"
    " (SELECT 1 FROM json_each(staff_account.roles) WHERE value = ?) ORDER BY id LIMIT 1",
}


async def intake_department_id(settings: TicketSettings) -> int | None:
    """The office that screens: the configured department, else the first supervisor's."""
    if settings.intake_department:
        return (
            await Department.filter(code=settings.intake_department)
            .first()
            .values_list("id", flat=True)
        )
    db = statements.connection(StaffAccount)
    dialect = db.capabilities.dialect
    role = StaffRole.SUPERVISOR.value
    value = json.dumps([role]) if dialect == "postgres" else role
    _, rows = await db.execute_query(_FIRST_SUPERVISOR[dialect], [value])
    return rows[0]["department_id"] if rows else None


async def watch_screening(
    ticket: Ticket, settings: TicketSettings, calendar: WorkingCalendar, now: datetime
) -> None:
    """Inside the transaction that opened the ticket (a new one: see deadlines.start)."""
    department_id = await intake_department_id(settings)
    if department_id is None:
        return  # no intake office yet (a fresh install): nobody to card
    # Only for a ticket just opened (both callers): it cannot be watched yet.
    await deadlines.start(
        SCREENING_SUBJECT,
        ticket.id,
        department_id=department_id,
        title=f"待筛查：{public_title(ticket)}",
        started_at=now,
        due_at=working_due(calendar, now, settings.screening_days),
        limit_working_days=settings.screening_days,
    )


async def finish_screening(ticket_id: int, now: datetime) -> None:
    await deadlines.finish(SCREENING_SUBJECT, ticket_id, now)
