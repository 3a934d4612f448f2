"""12345 hotline tickets (seed 003) and the same matter merged across people and channels
(seed 002 art. 33)."""

from __future__ import annotations

from models.audit import AuditRecord
from models.outbox import Channel, OutboxMessage, RecipientType
from models.supervision import Deadline
from models.tickets import Ticket
from tests.tickets.conftest import County
from workflows.tickets.screening import SCREENING_SUBJECT

CALLER = {"caller_name": "王小明", "caller_phone": "13912345678"}


async def _hotline(county: County, headers: dict | None = None, **fields: object) -> dict:
    body = {
        "channel": "hotline",
        "column": "complaint",
        "title": "社区道路积水",
        "content": "来电反映某路段下雨积水无人处理",
        **CALLER,
        **fields,
    }
    return await county.call(
        "POST", "/api/staff/tickets", headers or county.supervisor, body, status=201
    )


async def test_staff_register_a_phoned_in_ticket_with_channel_and_masked_caller(
    county: County,
) -> None:
    taken = await _hotline(county)
    assert taken["channel"] == "hotline" and taken["state"] == "submitted"
    assert taken["caller"]["phone"] == "139****5678" and taken["caller"]["name"] == "王**"
    stored = await Ticket.get(id=taken["id"])
    assert stored.citizen_id is None and stored.contact_phone == "13912345678"
    assert stored.registered_by_id is not None
    # It waits for screening like any other ticket, watched.
    assert await Deadline.exists(subject_type=SCREENING_SUBJECT, subject_id=taken["id"])
    view = await county.call("GET", f"/api/tickets/{taken['id']}", county.supervisor)
    assert view["channel"] == "hotline"
    assert view["contact"]["phone"] == "139****5678"
    assert "13912345678" not in str(view)
    assert "13912345678" not in str(
        [r.after for r in await AuditRecord.filter(object_id=taken["id"])]
    )
    # A window clerk may take one down too; a WeChat ticket is the citizen's to open.
    window = await _hotline(county, county.clerk_x, channel="window")
    assert window["channel"] == "window"
    problem = await county.call(
        "POST",
        "/api/staff/tickets",
        county.supervisor,
        {"channel": "wechat", "column": "complaint", "title": "t", "content": "c", **CALLER},
        status=422,
    )
    assert "channel" in problem["fields"]
    await county.call(
        "POST",
        "/api/staff/tickets",
        county.handler_x,
        {"channel": "hotline", "column": "complaint", "title": "t", "content": "c", **CALLER},
        status=403,
    )


async def test_citizen_tickets_carry_the_wechat_channel(county: County) -> None:
    ticket = await county.open()
    assert ticket["channel"] == "wechat"


async def test_a_hotline_caller_is_told_by_sms(county: County) -> None:
    taken = await _hotline(county)
    await county.call(
        "POST", f"/api/tickets/{taken['id']}/screening", county.supervisor, {"accept": True}
    )
    notice = await OutboxMessage.get(template="ticket_accepted")
    assert notice.channel == Channel.SMS
    assert notice.recipient_type == RecipientType.TICKET_CONTACT
    assert notice.recipient_id == taken["id"]


async def test_hotline_and_wechat_tickets_on_one_matter_merge_and_both_authors_are_told(
    county: County,
) -> None:
    """End to end: 12345 call + mini-program complaint about one matter, one lead ticket."""
    wechat = await county.open_in_department(title="社区道路积水", content="下雨天积水严重")
    taken = await _hotline(county)
    await county.call(
        "POST",
        f"/api/tickets/{taken['id']}/screening",
        county.supervisor,
        {"accept": True, "department_id": county.dept_x},
    )
    lead = await county.call(
        "POST",
        f"/api/tickets/{wechat['id']}/merge",
        county.supervisor,
        {"duplicate_ids": [taken["id"]]},
    )
    assert lead["merged_ticket_ids"] == [taken["id"]]
    told = await OutboxMessage.filter(template="ticket_merged").order_by("id")
    recipients = {(m.channel, m.recipient_type, m.recipient_id) for m in told}
    citizen_a = (await Ticket.get(id=wechat["id"])).citizen_id
    assert recipients == {
        (Channel.SMS, RecipientType.TICKET_CONTACT, taken["id"]),  # the caller, by SMS
        (Channel.SUBSCRIBE_MESSAGE, RecipientType.CITIZEN, citizen_a),  # the WeChat author
    }
    duplicate = await Ticket.get(id=taken["id"])
    assert duplicate.state == "merged" and duplicate.merged_into_id == wechat["id"]
    # Progress of the lead reaches the caller too: its closure is texted to them.
    await county.call(
        "POST",
        f"/api/tickets/{wechat['id']}/closure",
        county.handler_x,
        {"closure": "resolved", "summary": "已安排疏通排水"},
    )
    closed = {
        (m.recipient_type, m.recipient_id)
        for m in await OutboxMessage.filter(template="ticket_closed")
    }
    assert closed == {
        (RecipientType.CITIZEN, citizen_a),
        (RecipientType.TICKET_CONTACT, taken["id"]),
    }


async def test_another_citizen_follows_the_lead_without_seeing_its_words(county: County) -> None:
    lead = await county.open_in_department(title="窗口乱收费", content="甲的原话和细节")
    other = await county.open(headers=county.citizen_b, title="同一件事", content="乙的原话")
    await county.call(
        "POST", f"/api/tickets/{other['id']}/screening", county.supervisor, {"accept": True}
    )
    await county.call(
        "POST",
        f"/api/tickets/{lead['id']}/merge",
        county.supervisor,
        {"duplicate_ids": [other["id"]]},
    )
    seen_by_b = await county.call("GET", f"/api/tickets/{lead['id']}", county.citizen_b)
    assert seen_by_b["state"] == "assigned" and seen_by_b["content_hidden"] is True
    assert "甲的原话" not in str(seen_by_b) and seen_by_b["contact"] is None
    assert {e["ticket_id"] for e in seen_by_b["timeline"]} <= {lead["id"], other["id"]}
    seen_by_a = await county.call("GET", f"/api/tickets/{lead['id']}", county.citizen_a)
    assert "乙的原话" not in str(seen_by_a)
    assert seen_by_a["merged_ticket_ids"] == []


async def test_merging_refuses_a_closed_ticket(county: County) -> None:
    lead = await county.open_in_department()
    closed = await county.open_in_department()
    await county.call(
        "POST",
        f"/api/tickets/{closed['id']}/closure",
        county.handler_x,
        {"closure": "resolved", "summary": "已处理"},
    )
    problem = await county.call(
        "POST",
        f"/api/tickets/{lead['id']}/merge",
        county.supervisor,
        {"duplicate_ids": [closed["id"]]},
        status=409,
    )
    assert problem["code"] == "ticket_not_open"
