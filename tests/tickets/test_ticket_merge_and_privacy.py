"""Merging duplicates, confidential and anonymous tickets in every view (seed 002 arts. 29, 33)."""

from __future__ import annotations

from models.outbox import OutboxMessage
from models.supervision import Deadline, DeadlineState
from tests.tickets.conftest import County

SECRET = "举报某窗口索要好处费"


async def test_merging_folds_the_duplicate_into_the_primary_and_tells_the_citizen(
    county: County,
) -> None:
    primary = await county.open_in_department(title="同一件事")
    duplicate = await county.open(title="同一件事（热线）", content="重复提交")
    merged = await county.call(
        "POST",
        f"/api/tickets/{primary['id']}/merge",
        county.supervisor,
        {"duplicate_ids": [duplicate["id"]]},
    )
    assert merged["merged_ticket_ids"] == [duplicate["id"]]
    from_duplicate = [e for e in merged["timeline"] if e["ticket_id"] == duplicate["id"]]
    assert [e["kind"] for e in from_duplicate] == ["submitted", "merged"]
    seen = await county.call("GET", f"/api/tickets/{duplicate['id']}", county.citizen_a)
    assert seen["state"] == "merged" and seen["merged_into_id"] == primary["id"]
    notice = await OutboxMessage.get(template="ticket_merged")
    assert notice.data["primary_id"] == primary["id"]
    assert notice.recipient_type == "citizen"


async def test_a_merged_duplicate_stops_its_own_clock(county: County) -> None:
    primary = await county.open_in_department()
    duplicate = await county.open_in_department()
    await county.call(
        "POST",
        f"/api/tickets/{primary['id']}/merge",
        county.supervisor,
        {"duplicate_ids": [duplicate["id"]]},
    )
    deadline = await Deadline.get(subject_type="ticket", subject_id=duplicate["id"])
    assert deadline.state == DeadlineState.DONE


async def test_tickets_with_another_department_are_not_merged(county: County) -> None:
    primary = await county.open_in_department()
    other = await county.open(headers=county.citizen_b)
    await county.call(
        "POST",
        f"/api/tickets/{other['id']}/screening",
        county.supervisor,
        {"accept": True, "department_id": county.dept_y},
    )
    path = f"/api/tickets/{primary['id']}/merge"
    problem = await county.call(
        "POST", path, county.supervisor, {"duplicate_ids": [other["id"]]}, status=422
    )
    assert problem["code"] == "merge_other_department"
    problem = await county.call(
        "POST", path, county.supervisor, {"duplicate_ids": [primary["id"]]}, status=409
    )
    assert problem["code"] == "merge_list_invalid"


async def _closed_confidential(county: County, **fields: object) -> dict:
    ticket = await county.open_in_department(content=SECRET, confidential=True, **fields)
    await county.call(
        "POST",
        f"/api/tickets/{ticket['id']}/closure",
        county.handler_x,
        {"closure": "resolved", "summary": "已查处"},
    )
    return ticket


async def test_confidential_content_is_seen_only_by_the_department_and_supervisors(
    county: County,
) -> None:
    ticket = await _closed_confidential(
        county, contact_name="张三", contact_phone="13812345678", contact_preference="phone"
    )
    path = f"/api/tickets/{ticket['id']}"
    for headers in (county.citizen_a, county.handler_x, county.supervisor):
        view = await county.call("GET", path, headers)
        assert view["content"] == SECRET and not view["content_hidden"]
    assert view["contact"] == {"name": "张*", "phone": "138****5678", "preference": "phone"}
    await county.call("GET", path, county.handler_y, status=404)
    redacted = await county.call("GET", path, county.visitor)
    assert redacted["content_hidden"] and redacted["content"] == ""
    assert redacted["title"] == "（保密事项）" and redacted["closure_summary"] == ""
    assert all(entry["text"] == "" for entry in redacted["timeline"])
    assert redacted["contact"]["phone"] == "138****5678"
    tasks = await county.call("GET", "/api/staff/callbacks", county.visitor)
    task = tasks["items"][0]
    assert task["title"] == "（保密事项）" and task["closure_summary"] == ""
    assert task["contact_phone"] == "138****5678" and task["phone_allowed"]


async def test_department_messages_never_carry_a_confidential_title(county: County) -> None:
    await county.open_in_department(title="举报张科长", content=SECRET, confidential=True)
    notice = await OutboxMessage.get(template="ticket_assigned")
    assert notice.data["title"] == "（保密事项）"
    assert SECRET not in str(notice.data)


async def test_anonymous_tickets_show_no_contact_to_staff_and_cannot_be_called(
    county: County,
) -> None:
    problem = await county.call(
        "POST",
        "/api/tickets",
        county.citizen_a,
        {
            "column": "complaint",
            "title": "t",
            "content": "c",
            "anonymous": True,
            "contact_phone": "13812345678",
            "contact_preference": "phone",
        },
        status=422,
    )
    assert problem["code"] == "anonymous_no_phone"
    ticket = await county.open_in_department(anonymous=True, contact_name="李四")
    path = f"/api/tickets/{ticket['id']}"
    for headers in (county.handler_x, county.supervisor):
        assert (await county.call("GET", path, headers))["contact"] is None
    assert (await county.call("GET", path, county.citizen_a))["contact"]["name"] == "李*"
    await county.call(
        "POST", f"{path}/closure", county.handler_x, {"closure": "resolved", "summary": "s"}
    )
    task = (await county.call("GET", "/api/staff/callbacks", county.visitor))["items"][0]
    assert task["contact_name"] is None and task["contact_phone"] is None
    assert not task["phone_allowed"]
    problem = await county.call(
        "POST",
        f"/api/staff/callbacks/{task['id']}/attempts",
        county.visitor,
        {"method": "phone", "reached": False},
        status=422,
    )
    assert problem["code"] == "anonymous_no_phone"
    done = await county.call(
        "POST",
        f"/api/staff/callbacks/{task['id']}/attempts",
        county.visitor,
        {"method": "in_app", "reached": True, "satisfaction": "satisfied"},
        status=201,
    )
    assert done["state"] == "done"


async def test_the_supervision_deadline_of_a_confidential_ticket_has_no_title(
    county: County,
) -> None:
    ticket = await county.open_in_department(title="举报张科长", confidential=True)
    deadline = await Deadline.get(subject_type="ticket", subject_id=ticket["id"])
    assert deadline.title == "（保密事项）"
