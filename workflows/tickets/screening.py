"""The intake office's own limit: a new ticket is screened within `screening_days` working days.

Seed 002 art. 32 times a ticket from its acceptance, so nothing watched the time before it: a
ticket could wait for screening for ever. It is watched as its own kind of matter
(`ticket_screening`), carded yellow/red like every deadline, and done once screened or merged.
"""

from __future__ import annotations

from datetime import datetime

from core.settings import TicketSettings
from models.people import Department, StaffAccount, StaffRole
from models.tickets import Ticket
from workflows.calendar import WorkingCalendar
from workflows.supervision import deadlines
from workflows.tickets.records import public_title
from workflows.tickets.rules import working_due

SCREENING_SUBJECT = "ticket_screening"


async def intake_department_id(settings: TicketSettings) -> int | None:
    """The office that screens: the configured department, else the first supervisor's."""
    if settings.intake_department:
        return (
            await Department.filter(code=settings.intake_department)
            .first()
            .values_list("id", flat=True)
        )
    for staff in (
        await StaffAccount.filter(active=True).order_by("id").only("roles", "department_id")
    ):
        if staff.has_role(StaffRole.SUPERVISOR):
            return staff.department_id  # type: ignore[attr-defined]
    return None


async def watch_screening(
    ticket: Ticket, settings: TicketSettings, calendar: WorkingCalendar, now: datetime
) -> None:
    """Inside the transaction that opened the ticket."""
    department_id = await intake_department_id(settings)
    if department_id is None:
        return  # no intake office yet (a fresh install): nobody to card
    await deadlines.watch(
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
