"""Supervision followed up: urging answered by respond_by or carded, accountability after
repeated red cards, spot checks of closed complaints (seed 000 §三(二), seed 002 art. 30)."""

from __future__ import annotations

from datetime import timedelta

from core.config import load_settings
from models.audit import AuditRecord
from models.outbox import OutboxMessage
from models.oversight import AccountabilityRecord
from models.supervision import CardColour, Deadline, DeadlineState
from models.tickets import Ticket
from tests.tickets.conftest import County
from workflows import clock
from workflows.calendar import WorkingCalendar
from workflows.supervision.accountability import open_records
from workflows.supervision.cards import issue_cards
from workflows.supervision.spot_checks import draw

SUPERVISION = load_settings().supervision


async def _matter(county: County) -> tuple[dict, Deadline]:
    ticket = await county.open_in_department()
    return ticket, await Deadline.get(subject_type="ticket", subject_id=ticket["id"])


async def test_an_urging_unanswered_by_respond_by_is_carded_and_an_answer_ends_it(
    county: County, calendar: WorkingCalendar
) -> None:
    _, matter = await _matter(county)
    respond_by = clock.utc_now() + timedelta(hours=4)
    urging = await county.call(
        "POST",
        f"/api/supervision/deadlines/{matter.id}/urgings",
        county.supervisor,
        {"message": "请今日回复处理进展", "respond_by": respond_by.isoformat()},
        status=201,
    )
    watched = await Deadline.get(subject_type="urging", subject_id=urging["id"])
    assert watched.department_id == county.dept_x and watched.due_at == respond_by
    cards = await issue_cards(respond_by + timedelta(minutes=1), calendar, SUPERVISION)
    assert (watched.id, CardColour.RED) in [(c.deadline_id, c.colour) for c in cards]
    listed = await county.call("GET", "/api/supervision/urgings?unanswered=true", county.handler_x)
    assert [u["id"] for u in listed["items"]] == [urging["id"]]
    path = f"/api/supervision/urgings/{urging['id']}/response"
    await county.call("POST", path, county.handler_y, {"response": "不是我们的"}, status=404)
    answered = await county.call("POST", path, county.handler_x, {"response": "已安排专人"})
    assert answered["responded_at"] is not None and answered["response"] == "已安排专人"
    assert (await Deadline.get(id=watched.id)).state == DeadlineState.DONE
    again = await county.call("POST", path, county.handler_x, {"response": "再答"}, status=409)
    assert again["code"] == "urging_answered"


async def test_respond_by_in_the_past_is_refused(county: County) -> None:
    _, matter = await _matter(county)
    problem = await county.call(
        "POST",
        f"/api/supervision/deadlines/{matter.id}/urgings",
        county.supervisor,
        {"message": "m", "respond_by": (clock.utc_now() - timedelta(hours=1)).isoformat()},
        status=422,
    )
    assert problem["code"] == "respond_by_past"


async def test_repeated_red_cards_open_one_accountability_record_closed_with_its_outcome(
    county: County, calendar: WorkingCalendar
) -> None:
    matters = [await _matter(county) for _ in range(SUPERVISION.accountability_red_cards)]
    late = calendar.due_at(max(d.due_at for _, d in matters), 1)  # type: ignore[type-var]
    await issue_cards(late, calendar, SUPERVISION)
    opened = await open_records(late, SUPERVISION)
    assert [(r.department_id, r.red_cards) for r in opened] == [
        (county.dept_x, SUPERVISION.accountability_red_cards)
    ]
    assert await OutboxMessage.exists(template="accountability_opened")
    # The same cards never open a second record.
    assert await open_records(late + timedelta(minutes=5), SUPERVISION) == []
    listed = await county.call(
        "GET", "/api/supervision/accountability?state=open", county.supervisor
    )
    assert [r["id"] for r in listed["items"]] == [opened[0].id]
    await county.call("GET", "/api/supervision/accountability", county.handler_x, status=403)
    path = f"/api/supervision/accountability/{opened[0].id}/closure"
    closed = await county.call("POST", path, county.supervisor, {"outcome": "约谈部门负责人"})
    assert closed["state"] == "closed" and closed["outcome"] == "约谈部门负责人"
    assert await AuditRecord.exists(action="accountability.closed", object_id=opened[0].id)
    await county.call("POST", path, county.supervisor, {"outcome": "x"}, status=409)


async def test_fewer_red_cards_than_the_threshold_open_nothing(
    county: County, calendar: WorkingCalendar
) -> None:
    _, deadline = await _matter(county)
    assert deadline.due_at is not None
    late = calendar.due_at(deadline.due_at, 1)
    assert await issue_cards(late, calendar, SUPERVISION)
    assert await open_records(late, SUPERVISION) == []
    assert not await AccountabilityRecord.exists()


async def _closed_complaints(county: County, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        ticket = await county.open_in_department()
        await county.call(
            "POST",
            f"/api/tickets/{ticket['id']}/closure",
            county.handler_x,
            {"closure": "resolved", "summary": "已处理"},
        )
        ids.append(ticket["id"])
    return ids


def test_the_same_seed_draws_the_same_sample() -> None:
    population = list(range(1, 200))
    assert draw(population, 5, "2025-W12") == draw(list(reversed(population)), 5, "2025-W12")
    assert draw(population, 5, "2025-W12") != draw(population, 5, "2025-W13")
    assert draw([1, 2], 5, "s") == [1, 2]


async def test_a_spot_check_draws_closed_complaints_and_a_problem_reopens_the_ticket(
    county: County,
) -> None:
    closed = await _closed_complaints(county, 4)
    await county.open_in_department()  # open: not drawn
    now = clock.utc_now()
    period = {
        "period_start": (now - timedelta(days=1)).isoformat(),
        "period_end": (now + timedelta(days=1)).isoformat(),
    }
    check = await county.call(
        "POST",
        "/api/supervision/spot-checks",
        county.supervisor,
        {**period, "size": 2, "seed": "week-12"},
        status=201,
    )
    drawn = [f["ticket_id"] for f in check["findings"]]
    assert check["population"] == 4 and check["seed"] == "week-12" and len(drawn) == 2
    assert set(drawn) <= set(closed)
    again = await county.call(
        "POST",
        "/api/supervision/spot-checks",
        county.supervisor,
        {**period, "size": 2, "seed": "week-12"},
        status=201,
    )
    assert [f["ticket_id"] for f in again["findings"]] == drawn
    random_seed = await county.call(
        "POST", "/api/supervision/spot-checks", county.supervisor, period, status=201
    )
    assert random_seed["seed"] and len(random_seed["findings"]) == 4  # config size 5 > 4

    base = f"/api/supervision/spot-checks/{check['id']}/findings"
    ok = await county.call("POST", f"{base}/{drawn[0]}", county.supervisor, {"result": "ok"})
    assert ok["result"] == "ok"
    assert (await Ticket.get(id=drawn[0])).state == "closed"
    problem = await county.call(
        "POST", f"{base}/{drawn[1]}", county.supervisor, {"result": "problem"}, status=422
    )
    assert problem["code"] == "finding_text_required"
    await county.call(
        "POST",
        f"{base}/{drawn[1]}",
        county.supervisor,
        {"result": "problem", "text": "未核实即办结"},
    )
    reopened = await Ticket.get(id=drawn[1])
    assert reopened.state == "in_handling" and reopened.reopen_count == 1
    deadline = await Deadline.get(subject_type="ticket", subject_id=drawn[1])
    assert deadline.state == DeadlineState.RUNNING and deadline.due_at == reopened.due_at
    assert await OutboxMessage.exists(template="ticket_reopened", recipient_id=county.dept_x)
    await county.call(
        "POST",
        f"{base}/{drawn[0]}",
        county.supervisor,
        {"result": "problem", "text": "x"},
        status=409,
    )
    outside = next(t for t in closed if t not in drawn)
    await county.call("POST", f"{base}/{outside}", county.supervisor, {"result": "ok"}, status=404)
    seen = await county.call(
        "GET", f"/api/supervision/spot-checks/{check['id']}", county.supervisor
    )
    assert {f["ticket_id"]: f["result"] for f in seen["findings"]} == {
        drawn[0]: "ok",
        drawn[1]: "problem",
    }
    await county.call("POST", "/api/supervision/spot-checks", county.handler_x, period, status=403)
