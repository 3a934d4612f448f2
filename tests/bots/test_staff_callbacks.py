"""Staff on WeChat Work: “待办”, and card buttons that act on matters with the API's own rules."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, SETTINGS
from devtools.wechat_sim import SimulatorState
from models.cases import Case, CaseStatus, CaseTimelineEntry
from models.outbox import OutboxMessage
from models.people import Citizen
from models.supervision import SupervisionCard
from models.tickets import (
    CallbackState,
    CallbackVisit,
    ContactPreference,
    Satisfaction,
    Ticket,
    TicketColumn,
    TicketState,
)
from notify.dispatcher import Dispatcher
from tests.bots.conftest import bind_staff, next_msg_id
from tests.bots.support import WeChatServer, card_event_xml, text_xml
from workflows.supervision.cards import issue_cards

CLICKS = itertools.count(int(time.time()))


@pytest.fixture
async def county(client: TestClient, make_staff, login_citizen, sim_state, catalog) -> dict:
    for username, roles, department in (
        ("h1", ["handler"], "DEPT-A"),
        ("clerk1", ["clerk"], "DEPT-A"),
        ("h2", ["handler"], "DEPT-B"),
        ("sup", ["supervisor"], "DEPT-S"),
        ("cv", ["callback_visitor"], "DEPT-S"),
    ):
        await make_staff(username, roles, department)
        await bind_staff(sim_state, username, f"wx-{username}")
    alice = await login_citizen("o-alice")
    body = {
        "item_code": "ITEM-A",
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "form": {},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
    }
    response = await client.post("/api/cases", json=body, headers=alice)
    assert response.status == 201
    return {"case_id": (await response.json())["case"]["id"]}


async def staff_says(wechat: WeChatServer, userid: str, text: str) -> str:
    answer = await wechat.wecom(text_xml(userid, text, next_msg_id()))
    assert answer.status == 200, answer.body
    return answer.text


def cards_to(sim_state: SimulatorState, userid: str) -> list[dict]:
    return [
        m.payload["template_card"]
        for m in sim_state.delivered
        if m.channel == "wecom.app" and userid in m.recipients
    ]


async def click(wechat: WeChatServer, userid: str, key: str, task_id: str = "outbox-1") -> str:
    answer = await wechat.wecom(card_event_xml(userid, key, task_id, next(CLICKS)))
    assert answer.status == 200, answer.body
    return answer.text


async def test_unbound_wecom_member_may_do_nothing(wechat: WeChatServer, county: dict) -> None:
    assert "绑定" in await staff_says(wechat, "wx-nobody", "待办")
    assert "绑定" in await click(wechat, "wx-nobody", f"accept_case:{county['case_id']}")
    assert (await Case.get(id=county["case_id"])).status == CaseStatus.SUBMITTED


async def test_todo_lists_pending_items_and_a_card_button_accepts_the_case(
    wechat: WeChatServer, county: dict, dispatcher: Dispatcher, sim_state, drain
) -> None:
    case_id = county["case_id"]
    listing = await staff_says(wechat, "wx-h1", "待办")
    assert "营业执照变更登记" in listing and "期限" in listing and "卡片" in listing

    await dispatcher.deliver_due(datetime.now(UTC) + timedelta(seconds=1))
    [card] = cards_to(sim_state, "wx-h1")
    [button] = card["button_list"]
    assert button["key"] == f"accept_case:{case_id}"

    event = card_event_xml("wx-h1", button["key"], card["task_id"], next(CLICKS))
    first = await wechat.wecom(event)
    assert "已受理" in first.text
    assert (await Case.get(id=case_id)).status == CaseStatus.ACCEPTED

    again = await wechat.wecom(event)  # WeChat's resend of the same click
    assert again.text == first.text
    assert await CaseTimelineEntry.filter(case_id=case_id, action="accept").count() == 1

    await drain()
    [update] = [m for m in sim_state.delivered if m.channel == "wecom.update_card"]
    assert update.payload["button"]["replace_name"] == "已受理（h1）"
    row = await OutboxMessage.get(template="bot_todo_case")
    assert row.delivery["card_updated_at"]


async def test_forged_key_for_another_departments_case_is_refused(
    wechat: WeChatServer, county: dict
) -> None:
    case_id = county["case_id"]
    assert "无法办理" in await click(wechat, "wx-h2", f"accept_case:{case_id}")
    assert "角色" in await click(wechat, "wx-clerk1", f"accept_case:{case_id}")
    assert "无法办理" in await click(wechat, "wx-h1", "accept_case:987654321")
    assert (await Case.get(id=case_id)).status == CaseStatus.SUBMITTED


@pytest.mark.parametrize(
    "key",
    [
        "drop_table:1",
        "accept_case:",
        "accept_case:0",
        "accept_case:99999999999999999999",
        "ack",
        "",
    ],
)
async def test_malformed_button_keys_do_nothing(
    wechat: WeChatServer, county: dict, key: str
) -> None:
    assert "无法识别" in await click(wechat, "wx-h1", key)
    assert (await Case.get(id=county["case_id"])).status == CaseStatus.SUBMITTED


async def test_red_card_is_acknowledged_from_its_card_and_every_copy_is_updated(
    app: web.Application,
    wechat: WeChatServer,
    county: dict,
    dispatcher: Dispatcher,
    sim_state,
    drain,
) -> None:
    calendar = await app[CALENDAR].current()
    [card] = await issue_cards(
        datetime.now(UTC) + timedelta(days=60), calendar, app[SETTINGS].supervision
    )
    await dispatcher.deliver_due(datetime.now(UTC) + timedelta(seconds=1))
    [for_h1] = cards_to(sim_state, "wx-h1")
    assert [b["key"] for b in for_h1["button_list"]] == [f"ack_card:{card.id}"]
    assert cards_to(sim_state, "wx-sup")

    assert "无法办理" in await click(wechat, "wx-h2", f"ack_card:{card.id}", for_h1["task_id"])
    assert (await SupervisionCard.get(id=card.id)).acknowledged_at is None

    assert "已知悉" in await click(wechat, "wx-h1", f"ack_card:{card.id}", for_h1["task_id"])
    acknowledged = await SupervisionCard.get(id=card.id)
    assert acknowledged.acknowledged_by_id == (await _staff_id("h1"))
    await drain()
    updates = [m for m in sim_state.delivered if m.channel == "wecom.update_card"]
    assert {u.recipients for u in updates} == {("wx-h1",), ("wx-sup",)}


async def test_callback_visit_is_recorded_from_its_card(
    wechat: WeChatServer, county: dict, dispatcher: Dispatcher, sim_state
) -> None:
    visit = await _closed_ticket_with_visit()
    listing = await staff_says(wechat, "wx-cv", "待办")
    assert "待回访" in listing
    await dispatcher.deliver_due(datetime.now(UTC) + timedelta(seconds=1))
    [card] = cards_to(sim_state, "wx-cv")
    keys = [b["key"] for b in card["button_list"]]
    assert f"callback_satisfied:{visit.id}" in keys and f"callback_unreached:{visit.id}" in keys

    assert "角色" in await click(wechat, "wx-h1", f"callback_satisfied:{visit.id}")
    assert "已回访" in await click(
        wechat, "wx-cv", f"callback_satisfied:{visit.id}", card["task_id"]
    )
    await visit.refresh_from_db()
    assert visit.state == CallbackState.DONE and visit.satisfaction == Satisfaction.SATISFIED


async def test_staff_free_text_gets_the_help_line(wechat: WeChatServer, county: dict) -> None:
    assert "待办" in await staff_says(wechat, "wx-h1", "你好")


async def test_nothing_pending_says_so(wechat: WeChatServer, county: dict) -> None:
    assert "没有待办" in await staff_says(wechat, "wx-cv", "待办")


async def _staff_id(username: str) -> int:
    from models.people import StaffAccount

    return (await StaffAccount.get(username=username)).id


async def _closed_ticket_with_visit() -> CallbackVisit:
    now = datetime.now(UTC)
    ticket = await Ticket.create(
        citizen=await Citizen.get(openid="o-alice"),
        column=TicketColumn.COMPLAINT,
        title="窗口态度差",
        content="办事窗口工作人员态度恶劣",
        contact_preference=ContactPreference.PHONE,
        contact_phone="13812345678",
        state=TicketState.CLOSED,
        closed_at=now,
    )
    return await CallbackVisit.create(
        ticket=ticket,
        max_tries=3,
        next_try_at=now - timedelta(minutes=1),
        window_ends_at=now + timedelta(days=3),
    )
