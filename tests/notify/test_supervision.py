"""Cards are issued once per deadline period; supervisors urge, staff acknowledge."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient

from core.settings import SupervisionSettings
from models.audit import AuditRecord
from models.outbox import OutboxMessage, OutboxStatus
from models.people import Department
from models.supervision import CardColour, Deadline, SupervisionCard, UrgingNotice
from notify.dispatcher import Dispatcher
from tests.notify.conftest import later
from workflows.calendar import WorkingCalendar
from workflows.supervision import cards, deadlines
from workflows.supervision.cards import issue_cards

CALENDAR = WorkingCalendar()
RULES = SupervisionSettings(
    yellow_within_working_days=1, red_after_overdue_working_days=0, scan_seconds=60
)
# Monday 2026-11-23 10:00 in Shanghai; the matter is due at the end of Wednesday the 25th.
MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


async def _watched(department: Department, subject_id: int = 1) -> int:
    due = CALENDAR.due_at(MONDAY, 2)
    row = await deadlines.watch(
        "case",
        subject_id,
        department_id=department.id,
        title="食品经营许可 QS001",
        started_at=MONDAY,
        due_at=due,
        limit_working_days=2,
    )
    return row.id


@pytest.fixture
async def people(client: TestClient, make_staff_member) -> dict[str, int]:
    handler = await make_staff_member("handler1", ["handler"])
    other = await make_staff_member("handler2", ["handler"], "DEPT-B")
    supervisor = await make_staff_member("sup1", ["supervisor"], "DEPT-S")
    return {"handler": handler.id, "other": other.id, "supervisor": supervisor.id}


async def test_yellow_card_is_issued_once_near_the_due_day(people: dict[str, int]) -> None:
    department = await Department.get(code="DEPT-A")
    await _watched(department)

    assert await issue_cards(MONDAY, CALENDAR, RULES) == []  # two working days left
    tuesday = MONDAY + timedelta(days=1)
    [card] = await issue_cards(tuesday, CALENDAR, RULES)
    assert card.colour == CardColour.YELLOW
    assert await issue_cards(tuesday + timedelta(hours=2), CALENDAR, RULES) == []

    recipients = set(
        await OutboxMessage.filter(template="deadline_yellow_card").values_list(
            "recipient_type", "recipient_id"
        )
    )
    assert recipients == {
        ("staff", people["handler"]),
        ("staff", people["supervisor"]),
        ("department", department.id),
    }
    assert await AuditRecord.filter(action="card.yellow").count() == 1


async def test_red_card_when_overdue_replaces_the_yellow_one(people: dict[str, int]) -> None:
    department = await Department.get(code="DEPT-A")
    await _watched(department)
    await issue_cards(MONDAY + timedelta(days=1), CALENDAR, RULES)

    [red] = await issue_cards(MONDAY + timedelta(days=3), CALENDAR, RULES)

    assert red.colour == CardColour.RED
    open_cards = await SupervisionCard.filter(cleared_at=None)
    assert [c.colour for c in open_cards] == [CardColour.RED]
    assert await issue_cards(MONDAY + timedelta(days=4), CALENDAR, RULES) == []


async def test_local_practice_yellow_when_overdue_red_after_the_urging_period(
    people: dict[str, int],
) -> None:
    rules = SupervisionSettings(
        yellow_within_working_days=0, red_after_overdue_working_days=2, scan_seconds=60
    )
    department = await Department.get(code="DEPT-A")
    await _watched(department)
    assert await issue_cards(MONDAY + timedelta(days=2), CALENDAR, rules) == []  # due today
    [yellow] = await issue_cards(MONDAY + timedelta(days=3), CALENDAR, rules)  # Thursday
    assert yellow.colour == CardColour.YELLOW
    assert await issue_cards(MONDAY + timedelta(days=4), CALENDAR, rules) == []  # Friday
    [red] = await issue_cards(MONDAY + timedelta(days=7), CALENDAR, rules)  # next Monday
    assert red.colour == CardColour.RED


async def test_finished_matter_clears_its_cards_and_unsent_alerts_are_dropped(
    people: dict[str, int], dispatcher: Dispatcher
) -> None:
    department = await Department.get(code="DEPT-A")
    await _watched(department)
    await issue_cards(MONDAY + timedelta(days=1), CALENDAR, RULES)
    await deadlines.finish("case", 1, MONDAY + timedelta(days=1, hours=1))

    await dispatcher.deliver_due(later(1))

    assert await SupervisionCard.filter(cleared_at=None).count() == 0
    statuses = set(await OutboxMessage.all().values_list("status", flat=True))
    assert statuses == {OutboxStatus.CANCELLED}


async def test_supervisor_urges_a_matter_and_the_notice_is_recorded_and_sent(
    client: TestClient, people: dict[str, int], make_staff, dispatcher: Dispatcher, sim_state
) -> None:
    department = await Department.get(code="DEPT-A")
    deadline_id = await _watched(department)
    supervisor = await make_staff("sup2", ["supervisor"], "DEPT-S")
    handler = await make_staff("h3", ["handler"], "DEPT-A")

    response = await client.post(
        f"/api/supervision/deadlines/{deadline_id}/urgings",
        json={"message": "请于今日内办结并说明超期原因"},
        headers=supervisor,
    )
    assert response.status == 201, await response.text()
    urging = await UrgingNotice.get(id=(await response.json())["id"])
    assert urging.message.startswith("请于今日内")
    assert await AuditRecord.filter(action="matter.urged").count() == 1
    await dispatcher.deliver_due(later(1))
    sent = await OutboxMessage.filter(template="urging_notice", status=OutboxStatus.SENT)
    assert {(m.recipient_type, m.recipient_id) for m in sent} >= {("staff", people["handler"])}

    refused = await client.post(
        f"/api/supervision/deadlines/{deadline_id}/urgings", json={"message": "x"}, headers=handler
    )
    assert refused.status == 403
    missing = await client.post(
        "/api/supervision/deadlines/999/urgings", json={"message": "x"}, headers=supervisor
    )
    assert missing.status == 404


async def test_staff_see_their_departments_cards_and_acknowledge_them(
    client: TestClient, people: dict[str, int], make_staff
) -> None:
    await _watched(await Department.get(code="DEPT-A"), 1)
    await _watched(await Department.get(code="DEPT-B"), 2)
    await issue_cards(MONDAY + timedelta(days=3), CALENDAR, RULES)
    own = await make_staff("h4", ["handler"], "DEPT-A")
    supervisor = await make_staff("sup3", ["supervisor"], "DEPT-S")

    mine = await (await client.get("/api/supervision/cards", headers=own)).json()
    everyone = await (await client.get("/api/supervision/cards", headers=supervisor)).json()
    assert mine["total"] == 1 and everyone["total"] == 2
    assert [c["red"] for c in everyone["open_counts"]] == [1, 1]

    card_id = mine["items"][0]["id"]
    done = await client.post(f"/api/supervision/cards/{card_id}/acknowledge", headers=own)
    assert done.status == 200 and (await done.json())["acknowledged_at"]
    other_card = next(c["id"] for c in everyone["items"] if c["id"] != card_id)
    hidden = await client.post(f"/api/supervision/cards/{other_card}/acknowledge", headers=own)
    assert hidden.status == 404


async def test_thresholds_can_differ_by_kind_of_matter(people: dict[str, int]) -> None:
    from core.settings import CardThresholds

    department = await Department.get(code="DEPT-A")
    await _watched(department)  # a case, due end of Wednesday
    await deadlines.watch(
        "ticket",
        1,
        department_id=department.id,
        title="投诉",
        started_at=MONDAY,
        due_at=CALENDAR.due_at(MONDAY, 2),
        limit_working_days=2,
    )
    # Complaints are warned two working days ahead; cases keep the section's one day.
    rules = RULES.model_copy(
        update={
            "kinds": {
                "ticket": CardThresholds(
                    yellow_within_working_days=2, red_after_overdue_working_days=0
                )
            }
        }
    )
    [card] = await issue_cards(MONDAY, CALENDAR, rules)
    deadline = await card.deadline
    assert (deadline.subject_type, card.colour) == ("ticket", CardColour.YELLOW)
    tuesday = MONDAY + timedelta(days=1)
    [card] = await issue_cards(tuesday, CALENDAR, rules)
    assert (await card.deadline).subject_type == "case"


async def test_two_workers_scanning_at_once_issue_each_card_exactly_once(
    people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so that the two workers' transactions interleave on PostgreSQL.
    monkeypatch.setattr(cards, "CHUNK", 7)
    department = await Department.get(code="DEPT-A")
    for n in range(1, 61):
        await _watched(department, subject_id=n)
    overdue = [n for n in range(1, 61) if n % 3 == 0]
    await Deadline.filter(subject_id__in=overdue).update(due_at=MONDAY - timedelta(days=1))
    tuesday = MONDAY + timedelta(days=1)

    first, second = await asyncio.gather(
        issue_cards(tuesday, CALENDAR, RULES), issue_cards(tuesday, CALENDAR, RULES)
    )

    issued = first + second
    assert len(issued) == 60
    stored = await SupervisionCard.all().values_list("deadline__subject_id", "colour")
    assert sorted(stored) == sorted(
        (n, CardColour.RED if n in overdue else CardColour.YELLOW) for n in range(1, 61)
    )
    # Each card alerts the handler, the supervisor and the department's group, once.
    assert await OutboxMessage.filter(subject_type="supervision_card").count() == 60 * 3
    assert await AuditRecord.filter(action__startswith="card.").count() == 60
    assert await issue_cards(tuesday + timedelta(hours=1), CALENDAR, RULES) == []
