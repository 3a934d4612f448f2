"""createTicket answers from what it wrote: the answer must be what getTicket then shows, and the
intake office that watches the new ticket is still the first active supervisor's."""

from __future__ import annotations

from typing import Any

import pytest

from models.people import Department, StaffAccount
from models.supervision import Deadline
from tests.tickets.conftest import County
from workflows.tickets.screening import SCREENING_SUBJECT

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
