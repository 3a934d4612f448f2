"""A callback visit by SMS texts the ticket's contact phone; the citizen rates by replying."""

from __future__ import annotations

import logging

import pytest
from aiohttp import web

from core.appkeys import SETTINGS
from core.config import load_settings
from devtools.sms_sim import SmsSimState
from models.outbox import Channel, OutboxMessage, OutboxStatus, RecipientType
from models.tickets import (
    CallbackAttempt,
    CallbackMethod,
    CallbackState,
    CallbackVisit,
    Closure,
    Satisfaction,
    Ticket,
    TicketChannel,
    TicketColumn,
    TicketState,
)
from notify.dispatcher import Dispatcher
from notify.sms_replies import ReplyPuller
from tests.notify.conftest import later
from tests.tickets.conftest import County, at
from workflows.calendar import WorkingCalendar
from workflows.calendar_service import CalendarService
from workflows.tickets import handling
from workflows.tickets.callbacks import CallbackOutcome, record_callback
from workflows.tickets.hotline import TakenTicket, register_ticket
from workflows.tickets.intake import Screening, screen_ticket

TICKETS = load_settings().tickets
PHONE = "13812345678"


async def closed_ticket(
    county: County, calendar: WorkingCalendar, when: str, *, phoned_in: bool = False
) -> int:
    supervisor, handler = await county.principal("sup"), await county.principal("hx")
    if phoned_in:  # taken down by a 12345 operator: no citizen account, the caller's phone
        taken = TakenTicket(
            TicketChannel.HOTLINE,
            TicketColumn.COMPLAINT,
            "路灯不亮",
            "来电反映路灯不亮",
            "王小明",
            PHONE,
        )
        ticket_id = (await register_ticket(supervisor, taken, TICKETS, calendar, at(when))).id
    else:
        opened = await county.open(
            title="路灯不亮", contact_phone=PHONE, contact_preference="phone"
        )
        ticket_id = opened["id"]
    await screen_ticket(
        supervisor,
        ticket_id,
        Screening(accept=True, department_id=county.dept_x),
        TICKETS,
        calendar,
        at(when),
    )
    await handling.close_ticket(
        handler, ticket_id, Closure.RESOLVED, "已修复", "", TICKETS, calendar, at(when)
    )
    return ticket_id


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


async def test_a_callback_by_phone_or_a_recorded_sms_answer_sends_no_text(
    county: County, calendar: WorkingCalendar, dispatcher: Dispatcher, sms_state: SmsSimState
) -> None:
    ticket_id = await closed_ticket(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")
    by_phone = CallbackOutcome(CallbackMethod.PHONE, reached=False)
    await record_callback(visitor, visit.id, by_phone, TICKETS, calendar, at("2025-03-14 15:00"))
    # The visitor records an answer the citizen gave by SMS: nothing more to text.
    answered = CallbackOutcome(CallbackMethod.SMS, True, Satisfaction.SATISFIED)
    await record_callback(visitor, visit.id, answered, TICKETS, calendar, at("2025-03-17 10:00"))

    assert not await OutboxMessage.filter(template="callback_sms").exists()


async def text_and_reply(
    county: County,
    calendar: WorkingCalendar,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    app: web.Application,
    reply: str,
    *,
    tries: int = 1,
    phoned_in: bool = False,
) -> tuple[int, int]:
    ticket_id = await closed_ticket(county, calendar, "2025-03-14 10:00", phoned_in=phoned_in)
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    await CallbackVisit.filter(id=visit.id).update(max_tries=tries)
    visitor = await county.principal("visitor")
    by_sms = CallbackOutcome(CallbackMethod.SMS, reached=False)
    await record_callback(visitor, visit.id, by_sms, TICKETS, calendar, at("2025-03-14 15:00"))
    await dispatcher.deliver_due(later(1))
    sms_state.reply("+86" + PHONE, reply)
    assert dispatcher.senders.sms is not None
    puller = ReplyPuller(dispatcher.senders.sms.client, CalendarService(app[SETTINGS].calendar))
    assert (await CallbackVisit.get(id=visit.id)).state == CallbackState.PENDING
    await puller.run_once()
    return ticket_id, visit.id


async def test_a_dissatisfied_reply_to_the_callback_text_reopens_the_ticket(
    county: County,
    calendar: WorkingCalendar,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    app: web.Application,
) -> None:
    # The only try was the text: the visit waits for the reply instead of giving up.
    ticket_id, visit_id = await text_and_reply(
        county, calendar, dispatcher, sms_state, app, "3", tries=1
    )

    visit = await CallbackVisit.get(id=visit_id)
    assert visit.state == CallbackState.DONE and visit.satisfaction == Satisfaction.DISSATISFIED
    reply = await CallbackAttempt.filter(visit_id=visit_id, reached=True).get()
    assert reply.method == CallbackMethod.SMS and reply.note == "SMS reply"
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.state == TicketState.IN_HANDLING and ticket.reopen_count == 1


async def test_a_satisfied_reply_completes_the_visit_and_free_text_changes_nothing(
    county: County,
    calendar: WorkingCalendar,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    app: web.Application,
) -> None:
    ticket_id, visit_id = await text_and_reply(
        county, calendar, dispatcher, sms_state, app, "谢谢，已经修好了"
    )
    assert (await CallbackVisit.get(id=visit_id)).state == CallbackState.PENDING

    sms_state.reply("+86" + PHONE, "1")
    assert dispatcher.senders.sms is not None
    puller = ReplyPuller(dispatcher.senders.sms.client, CalendarService(app[SETTINGS].calendar))
    assert await puller.run_once() == 1

    visit = await CallbackVisit.get(id=visit_id)
    assert visit.state == CallbackState.DONE and visit.satisfaction == Satisfaction.SATISFIED
    assert (await Ticket.get(id=ticket_id)).state == TicketState.CLOSED


async def test_a_hotline_callers_reply_to_the_callback_text_completes_the_visit(
    county: County,
    calendar: WorkingCalendar,
    dispatcher: Dispatcher,
    sms_state: SmsSimState,
    app: web.Application,
) -> None:
    # The caller of 12345 has no account: the reply is matched by the phone's blind index only.
    ticket_id, visit_id = await text_and_reply(
        county, calendar, dispatcher, sms_state, app, "1", phoned_in=True
    )
    visit = await CallbackVisit.get(id=visit_id)
    assert visit.state == CallbackState.DONE and visit.satisfaction == Satisfaction.SATISFIED
    ticket = await Ticket.get(id=ticket_id)
    assert ticket.citizen_id is None and ticket.state == TicketState.CLOSED


async def test_a_callback_text_is_not_sent_once_the_visit_is_done(
    county: County, calendar: WorkingCalendar, dispatcher: Dispatcher, sms_state: SmsSimState
) -> None:
    ticket_id = await closed_ticket(county, calendar, "2025-03-14 10:00")
    visit = await CallbackVisit.get(ticket_id=ticket_id)
    visitor = await county.principal("visitor")
    by_sms = CallbackOutcome(CallbackMethod.SMS, reached=False)
    await record_callback(visitor, visit.id, by_sms, TICKETS, calendar, at("2025-03-14 15:00"))
    reached = CallbackOutcome(CallbackMethod.PHONE, True, Satisfaction.SATISFIED)
    await record_callback(visitor, visit.id, reached, TICKETS, calendar, at("2025-03-17 10:00"))

    await dispatcher.deliver_due(later(1))

    [text_row] = await OutboxMessage.filter(template="callback_sms")
    assert text_row.status == OutboxStatus.CANCELLED
    assert sms_state.delivered == []
