"""Callback visits after closure (seed 002 art. 34): retries, unreachable, reopening."""

from __future__ import annotations

import pytest

from core.config import load_settings
from core.errors import Conflict, ValidationFailed
from models.outbox import OutboxMessage
from models.supervision import Deadline, DeadlineState
from models.tickets import (
    CallbackMethod,
    CallbackState,
    CallbackVisit,
    Closure,
    Satisfaction,
    Ticket,
    TicketState,
)
from tests.tickets.conftest import County, at
from workflows.calendar import WorkingCalendar
from workflows.tickets import handling
from workflows.tickets.callbacks import CallbackOutcome, record_callback
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.jobs import run_ticket_jobs

TICKETS = load_settings().tickets
NOT_REACHED = CallbackOutcome(CallbackMethod.PHONE, reached=False)


async def _closed(
    county: County, calendar: WorkingCalendar, when: str, column: str = "complaint"
) -> int:
    ticket = await county.open(
        column=column, contact_phone="13812345678", contact_preference="phone"
    )
    supervisor, handler = await county.principal("sup"), await county.principal("hx")
    await screen_ticket(
        supervisor,
        ticket["id"],
        Screening(accept=True, department_id=county.dept_x),
        TICKETS,
        calendar,
        at(when),
    )
    await handling.close_ticket(
        handler, ticket["id"], Closure.RESOLVED, "已处理", "", TICKETS, calendar, at(when)
    )
    return ticket["id"]


async def test_an_unreached_citizen_is_tried_once_a_working_day_three_times(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _closed(county, calendar, "2025-03-14 10:00")  # Friday
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")
    await record_callback(visitor, visit.id, NOT_REACHED, TICKETS, calendar, at("2025-03-14 15:00"))
    with pytest.raises(Conflict) as early:
        await record_callback(
            visitor, visit.id, NOT_REACHED, TICKETS, calendar, at("2025-03-15 10:00")
        )
    assert early.value.code == "callback_not_due"
    visit = await CallbackVisit.get(id=visit.id)
    assert visit.next_try_at == at("2025-03-17 00:00")  # Monday morning
    await record_callback(visitor, visit.id, NOT_REACHED, TICKETS, calendar, at("2025-03-17 10:00"))
    await record_callback(visitor, visit.id, NOT_REACHED, TICKETS, calendar, at("2025-03-18 10:00"))
    visit = await CallbackVisit.get(id=visit.id)
    assert visit.state == CallbackState.UNREACHABLE and visit.tries == 3
    assert (await Ticket.get(id=ticket_id)).state == TicketState.CLOSED


async def test_the_worker_gives_up_on_visits_past_their_window(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _closed(county, calendar, "2025-03-14 10:00")
    # Three working days after Friday 14 March: window ends with Wednesday 19 March.
    assert (await run_ticket_jobs(at("2025-03-19 23:00")))["callbacks_unreachable"] == 0
    assert (await run_ticket_jobs(at("2025-03-20 00:00:01")))["callbacks_unreachable"] == 1
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    assert visit.state == CallbackState.UNREACHABLE


async def test_dissatisfaction_reopens_the_ticket_with_a_new_limit(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _closed(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")
    outcome = CallbackOutcome(CallbackMethod.PHONE, True, Satisfaction.DISSATISFIED, "仍未解决")
    await record_callback(visitor, visit.id, outcome, TICKETS, calendar, at("2025-03-17 10:00"))
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.IN_HANDLING and ticket.reopen_count == 1
    assert calendar.local_date(ticket.due_at) == at("2025-03-26 00:00").date()
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket_id)
    assert deadline.state == DeadlineState.RUNNING and deadline.due_at == ticket.due_at
    assert await OutboxMessage.exists(template="ticket_reopened", recipient_id=county.dept_x)
    handler = await county.principal("hx")
    await handling.close_ticket(
        handler,
        ticket_id,
        Closure.RESOLVED,
        "已整改",
        "",
        TICKETS,
        calendar,
        at("2025-03-19 10:00"),
    )
    assert await CallbackVisit.filter(ticket_id=ticket_id).count() == 2
    assert await OutboxMessage.filter(template="ticket_closed").count() == 2


async def test_satisfaction_is_required_exactly_when_reached(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _closed(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")
    with pytest.raises(ValidationFailed):
        await record_callback(
            visitor,
            visit.id,
            CallbackOutcome(CallbackMethod.PHONE, True),
            TICKETS,
            calendar,
            at("2025-03-14 11:00"),
        )
    done = await record_callback(
        visitor,
        visit.id,
        CallbackOutcome(CallbackMethod.PHONE, True, Satisfaction.SATISFIED),
        TICKETS,
        calendar,
        at("2025-03-14 11:00"),
    )
    assert done.state == CallbackState.DONE
    with pytest.raises(Conflict):
        await record_callback(
            visitor, visit.id, NOT_REACHED, TICKETS, calendar, at("2025-03-17 11:00")
        )


async def test_answered_inquiries_get_no_callback(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _closed(county, calendar, "2025-03-14 10:00", column="consult")
    assert not await CallbackVisit.exists(ticket_id=ticket_id)


async def test_only_callback_visitors_and_supervisors_see_the_callback_queue(
    county: County,
) -> None:
    await county.call("GET", "/api/staff/callbacks", county.handler_x, status=403)
    await county.call("GET", "/api/staff/callbacks", county.citizen_a, status=403)
