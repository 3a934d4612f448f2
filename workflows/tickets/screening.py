"""The intake office's own limit: a new ticket is screened within `screening_days` working days.

Seed 002 art. 32 times a ticket from its acceptance, so nothing watched the time before it: a
ticket could wait for screening for ever. It is watched as its own kind of matter
(`ticket_screening`), carded yellow/red like every deadline, and done once screened or merged.
"""

from __future__ import annotations

import json
from datetime import datetime

from core.settings import TicketSettings
from models.people import StaffAccount, StaffRole
from models.tickets import Ticket
from workflows import statements
from workflows.calendar import WorkingCalendar
from workflows.supervision import deadlines
from workflows.tickets.records import public_title
from workflows.tickets.rules import working_due

SCREENING_SUBJECT = "ticket_screening"


def office_query(settings: TicketSettings, dialect: str, mark: str) -> tuple[str, str]:
    """A SELECT of at most one row, `id`: the office that screens (maybe NULL: the first
    supervisor has no department), with its one parameter `mark`. The configured department,
    else the first active supervisor's, found by the database: a new ticket used to read every
    active staff account and their roles to pick one."""
    if settings.intake_department:
        return f"SELECT id FROM department WHERE code = {mark}", settings.intake_department
    role = StaffRole.SUPERVISOR.value
    if dialect == "postgres":
        return (
            "SELECT department_id AS id FROM staff_account"
            f" WHERE active AND roles @> {mark}::text::jsonb ORDER BY id LIMIT 1",
            json.dumps([role]),
        )
    return (
        "SELECT department_id AS id FROM staff_account WHERE active AND EXISTS"
        f" (SELECT 1 FROM json_each(staff_account.roles) WHERE value = {mark}) ORDER BY id LIMIT 1",
        role,
    )


async def intake_department_id(settings: TicketSettings) -> int | None:
    """The office that screens: the configured department, else the first supervisor's."""
    db = statements.connection(StaffAccount)
    sql, value = office_query(settings, db.capabilities.dialect, statements.placeholders(db, 1)[0])
    _, rows = await db.execute_query(sql, [value])
    return rows[0]["id"] if rows else None


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
        **watch_terms(ticket, settings, calendar, now),
    )


def watch_terms(
    ticket: Ticket, settings: TicketSettings, calendar: WorkingCalendar, now: datetime
) -> deadlines.Period:
    """The screening deadline's title and times, for deadlines.start / new_deadline."""
    return {
        "title": f"待筛查：{public_title(ticket)}",
        "started_at": now,
        "due_at": working_due(calendar, now, settings.screening_days),
        "limit_working_days": settings.screening_days,
    }


async def finish_screening(ticket_id: int, now: datetime) -> None:
    await deadlines.finish(SCREENING_SUBJECT, ticket_id, now)
