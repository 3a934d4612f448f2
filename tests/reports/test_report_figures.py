"""The figures of a week, computed by aggregate queries on both backends."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import CaseChannel
from models.catalog import ItemStatus, OnlineDepth
from models.supervision import CardColour
from models.tickets import TicketColumn
from tests.reports.support import SHANGHAI, at, card, case, department, item, ticket
from workflows.reports.build import compute
from workflows.reports.period import last_full_week, week_of

WEEK = week_of(at("2026-11-16 00:00").date(), SHANGHAI)  # Monday 16 to Sunday 22 November


async def report(**scope: Any) -> dict[str, Any]:
    scope.setdefault("department_id", None)
    scope.setdefault("region", None)
    return await compute(WEEK, at("2026-11-23 08:30"), **scope)


def row(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(d["values"] for d in data["departments"] if d["code"] == code)


def test_the_default_week_is_the_last_full_one_in_beijing_time() -> None:
    # Sunday 23:30 in Beijing is still inside the week being lived; Monday 00:30 ends it.
    assert last_full_week(at("2026-11-22 23:30"), SHANGHAI).first_day.isoformat() == "2026-11-09"
    period = last_full_week(at("2026-11-23 00:30"), SHANGHAI)
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (
        "2026-11-16",
        "2026-11-22",
    )
    assert period.start.isoformat() == "2026-11-15T16:00:00+00:00"


async def test_cases_count_by_beijing_week_boundaries_and_channel(client: TestClient) -> None:
    a = await department("A")
    await case(a, at("2026-11-15 23:30"))  # the Sunday before, Beijing time: last week
    await case(a, at("2026-11-16 00:30"))  # Monday 00:30 Beijing is Sunday 16:30 UTC
    await case(a, at("2026-11-18 10:00"), channel=CaseChannel.WINDOW)
    await case(a, at("2026-11-22 23:59"), channel=CaseChannel.WINDOW)
    await case(a, at("2026-11-23 00:00"))  # next week
    values = row(await report(), "A")
    assert values["cases_received"] == 3
    assert (values["cases_received_online"], values["cases_received_window"]) == (1, 2)
    assert values["cases_online_rate"] == round(1 / 3, 4)


async def test_closed_on_time_late_and_still_overdue(client: TestClient) -> None:
    a = await department("A")
    start = at("2026-11-02 09:00")
    await case(a, start, decided_at=at("2026-11-17 10:00"), due_at=at("2026-11-18 17:00"))
    await case(a, start, decided_at=at("2026-11-19 10:00"), due_at=at("2026-11-18 17:00"))
    await case(a, start, due_at=at("2026-11-20 17:00"))  # undecided, overdue at week's end
    await case(a, start, due_at=at("2026-11-25 17:00"))  # undecided, not yet due
    await case(a, start, decided_at=at("2026-11-24 10:00"), due_at=at("2026-11-20 17:00"))
    await case(a, start, decided_at=at("2026-11-10 10:00"), due_at=at("2026-11-12 17:00"))
    values = row(await report(), "A")
    assert values["cases_closed"] == 2
    assert values["cases_closed_on_time"] == 1
    assert values["cases_on_time_rate"] == 0.5
    assert values["cases_closed_late"] == 1
    # Undecided at the week's end and past due: the one still open and the one decided later.
    assert values["cases_overdue_open"] == 2


async def test_items_online_share_counts_published_items_only(client: TestClient) -> None:
    a = await department("A")
    await item(a, OnlineDepth.FULLY_ONLINE)
    await item(a, OnlineDepth.ZERO_VISIT)
    await item(a, OnlineDepth.WINDOW_ONLY)
    await item(a, OnlineDepth.FULLY_ONLINE, status=ItemStatus.DRAFT)
    values = row(await report(), "A")
    assert (values["items_published"], values["items_online"]) == (3, 2)
    assert values["items_online_share"] == round(2 / 3, 4)


async def test_tickets_by_column_and_timeliness_count_for_the_handling_department(
    client: TestClient,
) -> None:
    a, office = await department("A"), await department("OFFICE")
    monday = at("2026-11-16 09:00")
    await ticket(a, monday, column=TicketColumn.CONSULT, closed_at=at("2026-11-17 09:00"),
                 due_at=at("2026-11-19 17:00"))  # fmt: skip
    await ticket(a, monday, closed_at=at("2026-11-20 09:00"), due_at=at("2026-11-19 17:00"))
    await ticket(a, monday, column=TicketColumn.SUGGESTION, intake=office)
    await ticket(office, monday, assigned=False)  # not assigned yet: the intake office's
    values, office_values = row(await report(), "A"), row(await report(), "OFFICE")
    assert (values["tickets_consult"], values["tickets_complaint"]) == (1, 1)
    assert values["tickets_suggestion"] == 1
    assert (values["tickets_closed"], values["tickets_closed_on_time"]) == (2, 1)
    assert values["tickets_on_time_rate"] == 0.5
    assert office_values["tickets_complaint"] == 1


async def test_cards_issued_and_cleared_within_the_week(client: TestClient) -> None:
    a = await department("A")
    await card(a, CardColour.YELLOW, at("2026-11-17 09:00"), cleared_at=at("2026-11-18 09:00"))
    await card(a, CardColour.YELLOW, at("2026-11-12 09:00"), cleared_at=at("2026-11-16 09:00"))
    await card(a, CardColour.RED, at("2026-11-21 09:00"))
    await card(a, CardColour.RED, at("2026-11-24 09:00"))
    values = row(await report(), "A")
    assert (values["yellow_issued"], values["yellow_cleared"]) == (1, 2)
    assert (values["red_issued"], values["red_cleared"]) == (1, 0)


async def test_regions_and_total_sum_departments_and_rates_come_from_sums(
    client: TestClient,
) -> None:
    a, b = await department("A", "城关区"), await department("B", "城关区")
    c = await department("C", "七里河区")
    await case(a, at("2026-11-17 09:00"))
    for _ in range(3):
        await case(b, at("2026-11-17 09:00"), channel=CaseChannel.WINDOW)
    await case(c, at("2026-11-17 09:00"))
    data = await report()
    regions = {r["region"]: r["values"] for r in data["regions"]}
    assert regions["城关区"]["cases_received"] == 4
    assert regions["城关区"]["cases_online_rate"] == 0.25  # 1 of 4, not the mean of 100% and 0%
    assert data["total"]["cases_received"] == 5
    assert data["total"]["cases_closed"] == 0 and data["total"]["cases_on_time_rate"] is None


async def test_a_region_or_department_scope_shows_only_its_rows(client: TestClient) -> None:
    a, c = await department("A", "城关区"), await department("C", "七里河区")
    await case(a, at("2026-11-17 09:00"))
    await case(c, at("2026-11-17 09:00"))
    by_region = await report(region="七里河区")
    assert [d["code"] for d in by_region["departments"]] == ["C"]
    assert by_region["total"]["cases_received"] == 1
    by_department = await report(department_id=a.id)
    assert [d["code"] for d in by_department["departments"]] == ["A"]
