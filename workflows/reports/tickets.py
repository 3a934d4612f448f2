"""Inquiries, complaints and suggestions (咨询、投诉建议, seed 002 arts. 28-34).

A ticket counts for the department handling it, or the intake office while it has none. Returns
count for the department that returned the ticket; extensions for the one that was granted it.
"""

from __future__ import annotations

from tortoise.expressions import F, Q
from tortoise.functions import Count

from models.tickets import (
    ExtensionState,
    Ticket,
    TicketColumn,
    TicketExtension,
    TicketState,
    TicketTimelineEntry,
)
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, during

TICKET_KEYS = (
    "tickets_consult",
    "tickets_complaint",
    "tickets_suggestion",
    "tickets_closed",
    "tickets_closed_on_time",
    "tickets_overdue_open",
)
NOT_HANDLED = (TicketState.REFUSED, TicketState.MERGED)


async def count(period: Period, departments: list[int] | None) -> Counts:
    received = during("created_at", period)
    closed = during("closed_at", period)
    open_at_end = (
        Q(accepted_at__lt=period.end)
        & (Q(closed_at=None) | Q(closed_at__gte=period.end))
        & ~Q(state__in=NOT_HANDLED)
    )
    rows = (
        await Ticket.filter(
            Q(created_at__lt=period.end),
            Q(closed_at=None) | Q(closed_at__gte=period.start),
        )
        .annotate(
            tickets_consult=Count("id", _filter=received & Q(column=TicketColumn.CONSULT)),
            tickets_complaint=Count("id", _filter=received & Q(column=TicketColumn.COMPLAINT)),
            tickets_suggestion=Count("id", _filter=received & Q(column=TicketColumn.SUGGESTION)),
            tickets_closed=Count("id", _filter=closed),
            tickets_closed_on_time=Count(
                "id", _filter=closed & (Q(due_at=None) | Q(closed_at__lte=F("due_at")))
            ),
            tickets_overdue_open=Count("id", _filter=open_at_end & Q(due_at__lt=period.end)),
        )
        .group_by("assigned_department_id", "intake_department_id")
        .values("assigned_department_id", "intake_department_id", *TICKET_KEYS)
    )
    counts: Counts = {}
    for row in rows:  # one row per (department, intake office) pair
        row["department"] = row["assigned_department_id"] or row["intake_department_id"]
    add_rows(counts, rows, "department", TICKET_KEYS)
    extended = (
        await TicketExtension.filter(during("decided_at", period), state=ExtensionState.APPROVED)
        .annotate(tickets_extended=Count("id"))
        .group_by("ticket__assigned_department_id")
        .values("ticket__assigned_department_id", "tickets_extended")
    )
    add_rows(counts, extended, "ticket__assigned_department_id", ("tickets_extended",))
    returned = (
        await TicketTimelineEntry.filter(during("at", period), kind="returned")
        .annotate(tickets_returned=Count("id"))
        .group_by("department_id")
        .values("department_id", "tickets_returned")
    )
    add_rows(counts, returned, "department_id", ("tickets_returned",))
    if departments is not None:
        counts = {d: values for d, values in counts.items() if d in set(departments)}
    return counts


SECTION = Section(
    key="tickets",
    title="咨询投诉",
    columns=(
        Column("tickets_consult", "咨询"),
        Column("tickets_complaint", "投诉"),
        Column("tickets_suggestion", "建议"),
        Column("tickets_closed", "办结"),
        Column("tickets_closed_on_time", "按时答复"),
        Column("tickets_on_time_rate", "按时答复率", "tickets_closed_on_time", "tickets_closed"),
        Column("tickets_extended", "延期"),
        Column("tickets_returned", "退回"),
        Column("tickets_overdue_open", "超期未办结"),
    ),
    count=count,
)
