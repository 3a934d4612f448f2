"""Electronic supervision (电子监察): yellow and red cards issued and cleared, urging notices.

Urging counts the supervisors' notices on deadlines and the intake office's urging of tickets.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Count

from models.supervision import CardColour, SupervisionCard, UrgingNotice
from models.tickets import TicketTimelineEntry
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, during, in_scope

CARD_KEYS = ("yellow_issued", "red_issued", "yellow_cleared", "red_cleared")


async def count(period: Period, departments: list[int] | None) -> Counts:
    scope = in_scope("department_id", departments)
    issued, cleared = during("issued_at", period), during("cleared_at", period)
    yellow, red = Q(colour=CardColour.YELLOW), Q(colour=CardColour.RED)
    cards = (
        await SupervisionCard.filter(issued | cleared, **scope)
        .annotate(
            yellow_issued=Count("id", _filter=issued & yellow),
            red_issued=Count("id", _filter=issued & red),
            yellow_cleared=Count("id", _filter=cleared & yellow),
            red_cleared=Count("id", _filter=cleared & red),
        )
        .group_by("department_id")
        .values("department_id", *CARD_KEYS)
    )
    counts: Counts = {}
    add_rows(counts, cards, "department_id", CARD_KEYS)
    notices = (
        await UrgingNotice.filter(during("created_at", period), **scope)
        .annotate(urgings=Count("id"))
        .group_by("department_id")
        .values("department_id", "urgings")
    )
    add_rows(counts, notices, "department_id", ("urgings",))
    ticket_urgings = (
        await TicketTimelineEntry.filter(during("at", period), kind="urged", **scope)
        .annotate(urgings=Count("id"))
        .group_by("department_id")
        .values("department_id", "urgings")
    )
    add_rows(counts, ticket_urgings, "department_id", ("urgings",))
    return counts


SECTION = Section(
    key="supervision",
    title="电子监察",
    columns=(
        Column("yellow_issued", "黄牌"),
        Column("yellow_cleared", "黄牌消除"),
        Column("red_issued", "红牌"),
        Column("red_cleared", "红牌消除"),
        Column("urgings", "督办"),
    ),
    count=count,
)
