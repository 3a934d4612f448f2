"""Applications (办件): received, online share, closed, closed on time, overdue.

One GROUP BY over service_case. "Closed" is decided (准予、不予、不予受理) within the week; on
time means decided no later than the due time; overdue counts cases closed late in the week and
cases still undecided at the week's end whose due time had passed.
"""

from __future__ import annotations

from tortoise.expressions import F, Q
from tortoise.functions import Count

from models.cases import Case, CaseChannel
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, during, in_scope

KEYS = (
    "cases_received",
    "cases_received_online",
    "cases_received_window",
    "cases_closed",
    "cases_closed_on_time",
    "cases_closed_late",
    "cases_overdue_open",
)


async def count(period: Period, departments: list[int] | None) -> Counts:
    received = during("submitted_at", period)
    closed = during("decided_at", period)
    on_time = Q(due_at=None) | Q(decided_at__lte=F("due_at"))
    late = Q(decided_at__gt=F("due_at"))
    open_at_end = Q(submitted_at__lt=period.end) & (
        Q(decided_at=None) | Q(decided_at__gte=period.end)
    )
    rows = (
        await Case.filter(
            Q(submitted_at__lt=period.end),
            Q(decided_at=None) | Q(decided_at__gte=period.start),
            **in_scope("department_id", departments),
        )
        .annotate(
            cases_received=Count("id", _filter=received),
            cases_received_online=Count("id", _filter=received & Q(channel=CaseChannel.ONLINE)),
            cases_received_window=Count("id", _filter=received & Q(channel=CaseChannel.WINDOW)),
            cases_closed=Count("id", _filter=closed),
            cases_closed_on_time=Count("id", _filter=closed & on_time),
            cases_closed_late=Count("id", _filter=closed & late),
            cases_overdue_open=Count("id", _filter=open_at_end & Q(due_at__lt=period.end)),
        )
        .group_by("department_id")
        .values("department_id", *KEYS)
    )
    counts: Counts = {}
    add_rows(counts, rows, "department_id", KEYS)
    return counts


SECTION = Section(
    key="cases",
    title="办件",
    columns=(
        Column("cases_received", "受理（收件）"),
        Column("cases_received_online", "网上申请"),
        Column("cases_received_window", "窗口收件"),
        Column("cases_online_rate", "网办率", "cases_received_online", "cases_received"),
        Column("cases_closed", "办结"),
        Column("cases_closed_on_time", "按时办结"),
        Column("cases_on_time_rate", "按时办结率", "cases_closed_on_time", "cases_closed"),
        Column("cases_closed_late", "超期办结"),
        Column("cases_overdue_open", "超期未办结"),
    ),
    count=count,
)
