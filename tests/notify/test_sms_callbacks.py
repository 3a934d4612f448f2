"""A callback visit by SMS texts the ticket's contact phone, asking for a rating."""

from __future__ import annotations

import logging

import pytest

from core.config import load_settings
from devtools.sms_sim import SmsSimState
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from models.tickets import CallbackMethod, CallbackVisit, Closure
from notify.dispatcher import Dispatcher
from tests.notify.conftest import later
from tests.tickets.conftest import County, at
from workflows.calendar import WorkingCalendar
from workflows.tickets import handling
from workflows.tickets.callbacks import CallbackOutcome, record_callback
from workflows.tickets.intake import Screening, screen_ticket

TICKETS = load_settings().tickets
PHONE = "13812345678"


async def closed_ticket(county: County, calendar: WorkingCalendar, when: str) -> int:
    ticket = await county.open(title="路灯不亮", contact_phone=PHONE, contact_preference="phone")
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
        handler, ticket["id"], Closure.RESOLVED, "已修复", "", TICKETS, calendar, at(when)
    )
    return ticket["id"]


async def test_a_callback_try_by_sms_texts_the_contact_asking_for_a_rating(
    county: County,
    calendar: WorkingCalendar,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)  # as deployed; drivers' DEBUG echoes SQL parameters
    ticket_id = await closed_ticket(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")

    await record_callback(
        visitor,
        visit.id,
        CallbackOutcome(CallbackMethod.SMS, reached=False),
        TICKETS,
        calendar,
        at("2025-03-14 15:00"),
    )
    [text_row] = await OutboxMessage.filter(template="callback_sms")
    assert (text_row.channel, text_row.recipient_type, text_row.recipient_id) == (
        Channel.SMS,
        RecipientType.TICKET_CONTACT,
        ticket_id,
    )
    await dispatcher.deliver_due(later(1))

    assert (await OutboxMessage.get(id=text_row.id)).status == OutboxStatus.SENT
    [text] = sms_state.messages_to("+86" + PHONE)
    assert text.template_id == "2100014" and text.params == ("路灯不亮",)
    assert PHONE not in caplog.text


async def test_a_callback_by_phone_or_a_reached_sms_reply_sends_no_text(
    county: County, calendar: WorkingCalendar, dispatcher: Dispatcher, sms_state: SmsSimState
) -> None:
    ticket_id = await closed_ticket(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")

    await record_callback(
        visitor,
        visit.id,
        CallbackOutcome(CallbackMethod.PHONE, reached=False),
        TICKETS,
        calendar,
        at("2025-03-14 15:00"),
    )

    assert not await OutboxMessage.filter(template="callback_sms").exists()
