"""Deadline arithmetic in working days (seed 002 arts. 32-33), driven with fixed times."""

from __future__ import annotations

import pytest

from core.config import load_settings
from core.errors import Conflict, Forbidden
from models.outbox import OutboxMessage
from models.supervision import Deadline
from models.tickets import Ticket, TicketColumn, TicketState, Urgency
from tests.tickets.conftest import County, at
from workflows.calendar import WorkingCalendar
from workflows.tickets import assignment, extensions, handling
from workflows.tickets.intake import Screening, screen_ticket
from workflows.tickets.jobs import run_ticket_jobs
from workflows.tickets.rules import limit_for

TICKETS = load_settings().tickets


@pytest.mark.parametrize(
    ("column", "urgency", "days"),
    [
        (TicketColumn.CONSULT, None, 3),
        (TicketColumn.COMPLAINT, None, 7),
        (TicketColumn.SUGGESTION, None, 7),
        (TicketColumn.CONSULT, Urgency.ORDINARY, 3),
        (TicketColumn.COMPLAINT, Urgency.URGENT, 3),
        (TicketColumn.SUGGESTION, Urgency.FAIRLY_URGENT, 5),
    ],
)
def test_the_shorter_of_urgency_and_column_limit_applies(
    column: TicketColumn, urgency: Urgency | None, days: int
) -> None:
    assert limit_for(TICKETS, column, urgency) == days


async def _accepted(county: County, calendar: WorkingCalendar, when: str, **fields: object) -> int:
    ticket = await county.open(**fields)
    supervisor = await county.principal("sup")
    await screen_ticket(
        supervisor,
        ticket["id"],
        Screening(accept=True, department_id=county.dept_x),
        TICKETS,
        calendar,
        at(when),
    )
    return ticket["id"]


async def test_complaint_accepted_on_friday_is_due_seven_working_days_later(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 10:00")
    ticket = await Ticket.get(id=ticket_id)
    assert calendar.local_date(ticket.due_at) == at("2025-03-25 00:00").date()
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket_id)
    assert deadline.due_at == ticket.due_at and deadline.limit_working_days == 7


async def test_return_window_runs_over_a_holiday_weekend_then_counts_as_accepted(
    county: County, calendar: WorkingCalendar
) -> None:
    # Qingming 2025: Fri 4 April to Sun 6 April off; the next working day is Mon 7 April.
    ticket_id = await _accepted(county, calendar, "2025-04-03 10:00")
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.return_due_at == at("2025-04-07 23:59:59.999999")
    assert await run_ticket_jobs(at("2025-04-07 18:00")) == {
        "deemed_accepted": 0,
        "callbacks_unreachable": 0,
    }
    handler = await county.principal("hx")
    with pytest.raises(Conflict) as refused:
        await assignment.return_ticket(handler, ticket_id, "不归我们管", at("2025-04-08 09:00"))
    assert refused.value.code == "return_window_passed"
    assert (await run_ticket_jobs(at("2025-04-08 00:00:01")))["deemed_accepted"] == 1
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.IN_HANDLING
    assert ticket.department_accepted_by_id is None
    assert ticket.department_accepted_at == ticket.return_due_at
    assert (await run_ticket_jobs(at("2025-04-09 00:00")))["deemed_accepted"] == 0


async def test_a_weekend_return_inside_the_window_goes_back_to_intake(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 16:00")  # a Friday
    handler = await county.principal("hx")
    await assignment.return_ticket(handler, ticket_id, "属于市场监管", at("2025-03-16 20:00"))
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.RETURNED and ticket.assigned_department_id is None
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket_id)
    assert deadline.department_id == county.office
    assert await OutboxMessage.exists(template="ticket_returned", recipient_id=county.office)
    supervisor = await county.principal("sup")
    await assignment.assign_ticket(
        supervisor, ticket_id, county.dept_y, TICKETS, calendar, at("2025-03-17 09:00")
    )
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.ASSIGNED and ticket.assigned_department_id == county.dept_y


async def test_one_extension_no_longer_than_the_limit_asked_before_due(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 10:00")  # complaint, 7 days
    handler, supervisor = await county.principal("hx"), await county.principal("sup")
    with pytest.raises(Conflict) as too_long:
        await extensions.request_extension(handler, ticket_id, 8, "复杂", at("2025-03-20 10:00"))
    assert too_long.value.code == "extension_too_long"
    with pytest.raises(Conflict) as late:
        await extensions.request_extension(handler, ticket_id, 3, "复杂", at("2025-03-26 09:00"))
    assert late.value.code == "extension_after_due"
    extension = await extensions.request_extension(
        handler, ticket_id, 7, "需要现场核查", at("2025-03-20 10:00")
    )
    with pytest.raises(Forbidden):
        await extensions.decide_extension(
            handler, extension.id, True, "", calendar, at("2025-03-20 11:00")
        )
    await extensions.decide_extension(
        supervisor, extension.id, True, "同意", calendar, at("2025-03-20 11:00")
    )
    ticket = await Ticket.get(id=ticket_id)
    assert calendar.local_date(ticket.due_at) == at("2025-04-03 00:00").date()
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket_id)
    assert deadline.due_at == ticket.due_at and deadline.limit_working_days == 14
    notice = await OutboxMessage.get(template="ticket_extended")
    assert notice.data["reason"] == "需要现场核查"
    with pytest.raises(Conflict) as second:
        await extensions.request_extension(handler, ticket_id, 1, "再延", at("2025-03-21 10:00"))
    assert second.value.code == "extension_used"


async def test_a_rejected_extension_leaves_the_due_time(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 10:00")
    due = (await Ticket.get(id=ticket_id)).due_at
    handler, supervisor = await county.principal("hx"), await county.principal("sup")
    extension = await extensions.request_extension(
        handler, ticket_id, 2, "r", at("2025-03-17 09:00")
    )
    with pytest.raises(Conflict) as pending:
        await extensions.request_extension(handler, ticket_id, 2, "r", at("2025-03-17 09:30"))
    assert pending.value.code == "extension_pending"
    await extensions.decide_extension(
        supervisor, extension.id, False, "不同意", calendar, at("2025-03-17 10:00")
    )
    assert (await Ticket.get(id=ticket_id)).due_at == due
    assert not await OutboxMessage.exists(template="ticket_extended")


async def test_a_late_inquiry_reply_must_explain_the_delay_to_the_citizen(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 10:00", column="consult")
    handler = await county.principal("hx")
    late = at("2025-03-20 09:00")  # due end of Wed 19 March
    with pytest.raises(Conflict) as missing:
        await handling.reply_ticket(handler, ticket_id, "答复", "", late)
    assert missing.value.code == "late_explanation_required"
    await handling.reply_ticket(handler, ticket_id, "答复", "需向上级部门确认政策", late)
    notice = await OutboxMessage.get(template="ticket_replied")
    assert notice.data["late_explanation"] == "需向上级部门确认政策"


async def test_an_inquiry_answered_in_time_needs_no_explanation(
    county: County, calendar: WorkingCalendar
) -> None:
    ticket_id = await _accepted(county, calendar, "2025-03-14 10:00", column="consult")
    handler = await county.principal("hx")
    await handling.reply_ticket(handler, ticket_id, "答复", "", at("2025-03-19 17:00"))
    assert (await Ticket.get(id=ticket_id)).state == TicketState.IN_HANDLING
