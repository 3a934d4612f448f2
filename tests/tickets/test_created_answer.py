"""createTicket answers from what it wrote: the answer must be what getTicket then shows; on
PostgreSQL it writes in one statement (workflows/tickets/intake_pg.py) the rows the general path
writes; the intake office that watches the new ticket is still the first active supervisor's."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest

from core.config import load_settings
from models.audit import AuditRecord
from models.outbox import OutboxMessage
from models.people import Citizen, Department, StaffAccount
from models.supervision import Deadline
from models.tickets import ContactPreference, Ticket, TicketColumn, TicketTimelineEntry
from tests.tickets.conftest import County
from workflows.calendar import WorkingCalendar
from workflows.tickets import intake, intake_pg
from workflows.tickets.screening import SCREENING_SUBJECT

TICKETS = load_settings().tickets

OPENED = [
    {},
    {"attachments": ["f/1.jpg", "f/2.pdf"], "item_code": "ITEM-1", "case_no": "C-9"},
    {"contact_preference": "phone", "contact_name": "张三丰", "contact_phone": "13800001234"},
    {"confidential": True, "contact_name": "李四", "column": "suggestion"},
    {"anonymous": True, "contact_phone": "13800005678", "column": "consult"},
]


@pytest.mark.parametrize("fields", OPENED)
async def test_the_created_answer_is_what_get_ticket_shows(
    county: County, fields: dict[str, Any]
) -> None:
    created = await county.open(**fields)
    shown = await county.call("GET", f"/api/tickets/{created['id']}", county.citizen_a)
    assert created == shown
    assert [step["kind"] for step in created["timeline"]] == ["submitted"]


async def _office_of_new_ticket(county: County) -> int | None:
    ticket = await county.open()
    deadline = await Deadline.get_or_none(subject_type=SCREENING_SUBJECT, subject_id=ticket["id"])
    return deadline.department_id if deadline else None  # type: ignore[attr-defined]


async def test_the_first_active_supervisor_office_screens_or_nobody(county: County) -> None:
    other = await Department.create(code="OFFICE-2", name="另一办", region="测试县")
    await StaffAccount.create(
        username="sup2", name="sup2", department=other, roles=["handler", "supervisor"],
        password_hash="-",
    )  # fmt: skip
    assert await _office_of_new_ticket(county) == county.office
    await StaffAccount.filter(username="sup").update(active=False)
    assert await _office_of_new_ticket(county) == other.id  # not the handlers' lower ids
    await StaffAccount.filter(username="sup2").update(active=False)
    assert await _office_of_new_ticket(county) is None


async def _rows(ticket_id: int) -> dict[str, Any]:
    """What opening the ticket wrote, without the keys and times that differ by nature."""
    skip = {"id", "created_at", "updated_at", "at", "ticket_id", "object_id", "subject_id"}

    def kept(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k not in skip} for row in rows]

    return {
        "ticket": kept(await Ticket.filter(id=ticket_id).values()),
        "steps": kept(await TicketTimelineEntry.filter(ticket_id=ticket_id).values()),
        "audit": kept(
            await AuditRecord.filter(object_type="ticket", object_id=str(ticket_id)).values()
        ),
        "deadlines": kept(
            await Deadline.filter(subject_type=SCREENING_SUBJECT, subject_id=ticket_id).values()
        ),
        "outbox": await OutboxMessage.filter(subject_type="ticket", subject_id=ticket_id).count(),
    }


@pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "postgres",
    reason="the one-statement path is PostgreSQL's",
)
async def test_the_one_statement_writes_the_rows_of_the_general_path(county: County) -> None:
    principal = await county.citizen("openid-a")
    await Citizen.filter(id=principal.id).update(id_number_hash="a1" * 32)  # a verified author
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    new = intake.NewTicket(
        column=TicketColumn.COMPLAINT,
        title="窗口态度差",
        content="办事窗口工作人员态度恶劣",
        contact_preference=ContactPreference.PHONE,
        attachments=["f/1.jpg"],
        contact_name="张三丰",
        contact_phone="13800001234",
        confidential=True,
    )
    calendar = WorkingCalendar()
    ids = []
    for write in (intake.write_ticket, intake_pg.open_ticket):
        ticket = Ticket(citizen_id=principal.id, **new.__dict__)
        step = await write(principal, ticket, now, TICKETS, calendar)
        assert (step.ticket_id, step.kind) == (ticket.id, "submitted")
        ids.append(ticket.id)
    general, one = [await _rows(ticket_id) for ticket_id in ids]
    assert one == general
    assert one["ticket"][0]["author_id_hash"] == "a1" * 32
    assert one["ticket"][0]["contact_name"] == "张三丰"  # compared opened, not as ciphertext
    assert one["ticket"][0]["contact_phone_index"]
    assert [d["department_id"] for d in one["deadlines"]] == [county.office]
    assert [a["action"] for a in one["audit"]] == ["ticket.submitted"]


@pytest.mark.parametrize("code", ["DEPT-Y", "NO-SUCH-DEPT"])
async def test_a_configured_intake_department_screens_or_nobody(county: County, code: str) -> None:
    settings = TICKETS.model_copy(update={"intake_department": code})
    principal = await county.citizen("openid-a")
    new = intake.NewTicket(
        column=TicketColumn.CONSULT,
        title="营业执照",
        content="怎么变更？",
        contact_preference=ContactPreference.IN_APP,
    )
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    opened = await intake.create_ticket(principal, new, now, settings, WorkingCalendar())
    deadlines = await Deadline.filter(subject_type=SCREENING_SUBJECT, subject_id=opened.ticket.id)
    expected = [county.dept_y] if code == "DEPT-Y" else []
    assert [d.department_id for d in deadlines] == expected  # type: ignore[attr-defined]
    assert [step.kind for step in opened.timeline] == ["submitted"]
