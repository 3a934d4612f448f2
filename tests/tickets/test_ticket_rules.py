"""Seed 002 art. 32 as written: the shorter limit, one extension request, a screening deadline."""

from __future__ import annotations

import pytest

from core.config import load_settings
from core.errors import Conflict
from models.supervision import CardColour, Deadline, DeadlineState, SupervisionCard
from models.tickets import Ticket
from tests.tickets.conftest import County, at
from workflows.calendar import WorkingCalendar
from workflows.supervision.cards import issue_cards
from workflows.tickets import extensions
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.screening import SCREENING_SUBJECT

SETTINGS = load_settings()
TICKETS = SETTINGS.tickets


async def test_marking_a_complaint_ordinary_keeps_its_seven_day_limit(county: County) -> None:
    ticket = await county.open()  # 我要投诉: 7 working days
    screened = await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/screening",
        county.supervisor,
        {"accept": True, "urgency": "ordinary"},  # 普通: 15 working days
    )
    assert screened["limit_working_days"] == 7
    urgent = await county.open()
    screened = await county.call(
        "POST",
        f"/api/tickets/{urgent['id']}/screening",
        county.supervisor,
        {"accept": True, "urgency": "urgent"},
    )
    assert screened["limit_working_days"] == 3


async def test_after_a_rejected_extension_the_department_cannot_ask_again(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket = await county.open()
    supervisor = await county.principal("sup")
    await screen_ticket(
        supervisor,
        ticket["id"],
        Screening(accept=True, department_id=county.dept_x),
        TICKETS,
        calendar,
        at("2025-03-14 10:00"),
    )
    handler = await county.principal("hx")
    asked = await extensions.request_extension(
        handler, ticket["id"], 3, "需现场核查", at("2025-03-17 09:00")
    )
    await extensions.decide_extension(
        supervisor, asked.id, False, "理由不足", calendar, at("2025-03-17 10:00")
    )
    with pytest.raises(Conflict) as again:
        await extensions.request_extension(
            handler, ticket["id"], 2, "再次申请", at("2025-03-18 09:00")
        )
    assert again.value.code == "extension_used"


async def test_the_same_over_the_api_answers_409(county: County) -> None:
    ticket = await county.open_in_department()
    asked = await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/extensions",
        county.handler_x,
        {"working_days": 2, "reason": "复杂"},
        status=201,
    )
    await county.call(
        "POST",
        f"/api/ticket-extensions/{asked['id']}/decision",
        county.supervisor,
        {"approve": False, "note": "不同意"},
    )
    problem = await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/extensions",
        county.handler_x,
        {"working_days": 1, "reason": "再试"},
        status=409,
    )
    assert problem["code"] == "extension_used"


async def test_a_ticket_waiting_for_screening_is_watched_and_carded(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket = await county.open()
    deadline = await Deadline.get(subject_type=SCREENING_SUBJECT, subject_id=ticket["id"])
    assert deadline.department_id == county.office  # the supervisors' office screens
    assert deadline.limit_working_days == TICKETS.screening_days
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_at is not None
    late = calendar.due_at(deadline.due_at, 1)
    cards = await issue_cards(late, calendar, SETTINGS.supervision)
    assert [(c.deadline_id, c.colour) for c in cards] == [(deadline.id, CardColour.RED)]
    # Screening ends the watch and clears its card.
    await county.call(
        "POST", f"/api/tickets/{ticket['id']}/screening", county.supervisor, {"accept": True}
    )
    deadline = await Deadline.get(id=deadline.id)
    assert deadline.state == DeadlineState.DONE
    assert not await SupervisionCard.exists(deadline_id=deadline.id, cleared_at=None)
    assert (await Ticket.get(id=ticket["id"])).state == "accepted"
