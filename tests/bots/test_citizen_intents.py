"""Every citizen intent through the webhook: help, events, progress, bookings, questions,
the handoff to an inquiry, replays, and answers that take longer than WeChat waits."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient

from models.booking import Booking, Slot
from models.catalog import ServiceHall, ServiceItem
from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.people import Citizen
from models.tickets import Ticket, TicketColumn
from notify.dispatcher import Dispatcher
from tests.bots.conftest import BOT_SETTINGS, next_msg_id
from tests.bots.support import WeChatServer, event_xml, image_xml, text_xml

APPLICATION = {
    "item_code": "ITEM-A",
    "applicant_name": "张三丰",
    "applicant_phone": "13812345678",
    "applicant_id_number": "11010519491231002X",
    "form": {},
    "materials": [{"name": "申请书", "ref": "upload/1"}],
}


async def say(wechat: WeChatServer, openid: str, text: str) -> str:
    answer = await wechat.mp_encrypted(text_xml(openid, text, next_msg_id()))
    assert answer.status == 200, answer.body
    return answer.text


async def apply(client: TestClient, headers: dict) -> dict:
    response = await client.post("/api/cases", json=APPLICATION, headers=headers)
    assert response.status == 201, await response.text()
    return await response.json()


async def test_subscribe_is_welcomed_and_unsubscribe_gets_no_reply(wechat: WeChatServer) -> None:
    now = int(time.time())
    welcome = await wechat.mp_encrypted(event_xml("o-alice", "subscribe", now))
    assert "欢迎" in welcome.text
    goodbye = await wechat.mp_encrypted(event_xml("o-alice", "unsubscribe", now + 1))
    assert goodbye.status == 200 and goodbye.body == "success"


async def test_pictures_and_voice_are_answered_politely(wechat: WeChatServer) -> None:
    answer = await wechat.mp_encrypted(image_xml("o-alice", next_msg_id()))
    assert "文字" in answer.text


async def test_progress_of_own_case_by_number(
    client: TestClient, wechat: WeChatServer, login_citizen, catalog
) -> None:
    submitted = await apply(client, await login_citizen("o-alice"))
    case_no = submitted["case"]["case_no"]
    text = await say(wechat, "o-alice", f"进度 {case_no}")
    assert case_no in text and "已提交" in text and "营业执照变更登记" in text


async def test_another_citizens_case_is_not_found_even_when_bound(
    client: TestClient, wechat: WeChatServer, login_citizen, catalog
) -> None:
    submitted = await apply(client, await login_citizen("o-alice"))
    await login_citizen("o-bob")
    text = await say(wechat, "o-bob", f"进度 {submitted['case']['case_no']}")
    assert "没有找到" in text and "已提交" not in text


async def test_progress_with_the_lookup_code_for_anyone(
    client: TestClient, wechat: WeChatServer, login_citizen, catalog
) -> None:
    submitted = await apply(client, await login_citizen("o-alice"))
    case_no, secret = submitted["case"]["case_no"], submitted["lookup_secret"]
    assert "已提交" in await say(wechat, "o-stranger", f"进度 {case_no} {secret}")
    assert "没有找到" in await say(wechat, "o-stranger", f"进度 {case_no} WRONGCDE")
    assert "查询码" in await say(wechat, "o-stranger", f"进度 {case_no}")
    assert "办件编号" in await say(wechat, "o-stranger", "进度")


async def test_bookings_list_upcoming_visits_with_a_link_into_the_mini_app(
    client: TestClient, wechat: WeChatServer, login_citizen, catalog
) -> None:
    assert "登录" in await say(wechat, "o-alice", "预约")
    await login_citizen("o-alice")
    empty = await say(wechat, "o-alice", "预约")
    assert "没有待办的预约" in empty and 'data-miniprogram-path="pages/bookings/index"' in empty

    item: ServiceItem = catalog["licence"]
    hall = await ServiceHall.create(
        code="H1",
        name="政务服务大厅",
        region="测试县",
        address="人民路1号",
        department_id=item.department_id,
    )
    start = datetime.now(UTC) + timedelta(days=1)
    slot = await Slot.create(
        hall=hall,
        item=item,
        day=start.date(),
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        capacity=5,
        booked=1,
    )
    citizen = await Citizen.get(openid="o-alice")
    await Booking.create(
        code="BK12345678", citizen=citizen, slot=slot, hall=hall, item=item,
        day=start.date(), starts_at=start, ends_at=slot.ends_at,
    )  # fmt: skip
    listed = await say(wechat, "o-alice", "我的预约")
    assert "政务服务大厅" in listed and "BK12345678" in listed


async def test_question_is_answered_from_the_faq(wechat: WeChatServer, catalog) -> None:
    text = await say(wechat, "o-alice", "营业执照变更要多久能办好")
    assert "1个工作日内办结" in text and "人工" in text


async def test_low_confidence_question_opens_an_inquiry_and_says_its_number(
    wechat: WeChatServer, login_citizen, catalog
) -> None:
    await login_citizen("o-alice")
    text = await say(wechat, "o-alice", "我家门口的路灯坏了三天了")
    ticket = await Ticket.get()
    assert f"咨询单号 {ticket.id}" in text
    assert ticket.column == TicketColumn.CONSULT and "路灯" in ticket.content


async def test_asking_for_a_person_hands_the_last_question_over(
    wechat: WeChatServer, login_citizen, catalog
) -> None:
    await login_citizen("o-alice")
    await say(wechat, "o-alice", "营业执照变更要多久能办好")
    assert await Ticket.all().count() == 0
    text = await say(wechat, "o-alice", "人工")
    ticket = await Ticket.get()
    assert str(ticket.id) in text and "营业执照变更要多久能办好" in ticket.content


async def test_handoff_needs_a_mini_program_login(wechat: WeChatServer, catalog) -> None:
    text = await say(wechat, "o-stranger", "人工 我的证照丢了")
    assert "登录" in text and await Ticket.all().count() == 0


async def test_handoffs_are_limited_per_hour(wechat: WeChatServer, login_citizen, catalog) -> None:
    await login_citizen("o-alice")
    for n in range(6):
        await say(wechat, "o-alice", f"人工 第{n}个问题关于路灯")
    assert await Ticket.all().count() == 5


async def test_a_resent_message_is_acted_on_once_and_answered_the_same(
    wechat: WeChatServer, login_citizen, catalog
) -> None:
    await login_citizen("o-alice")
    xml = text_xml("o-alice", "人工 我的证照丢了怎么办", next_msg_id())
    first = await wechat.mp_encrypted(xml)
    again = await wechat.mp_encrypted(xml)  # WeChat's resend, with its own timestamp and nonce
    assert await Ticket.all().count() == 1
    assert first.text == again.text and "咨询单号" in first.text


async def test_resent_event_is_acted_on_once(wechat: WeChatServer) -> None:
    xml = event_xml("o-alice", "subscribe", int(time.time()))
    assert "欢迎" in (await wechat.mp_encrypted(xml)).text
    assert "欢迎" in (await wechat.mp_encrypted(xml)).text  # same answer, from the store


@pytest.mark.parametrize(
    "settings_overrides", [{**BOT_SETTINGS, "MINIAPP_BOTS_REPLY_WITHIN_SECONDS": "0"}]
)
async def test_slow_answer_goes_later_as_a_customer_service_message(
    wechat: WeChatServer, login_citizen, catalog, drain, dispatcher: Dispatcher, sim_state
) -> None:
    await login_citizen("o-alice")
    sim_state.mark_interaction("o-alice")  # she wrote to us: WeChat allows replies for 48 h
    answer = await wechat.mp_encrypted(
        text_xml("o-alice", "营业执照变更要多久能办好", next_msg_id())
    )
    assert answer.status == 200 and answer.body == "success"
    await drain()
    row = await OutboxMessage.get(channel=Channel.CUSTOMER_SERVICE)
    assert "1个工作日内办结" in row.data["text"]

    await dispatcher.deliver_due(datetime.now(UTC) + timedelta(seconds=1))
    await row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    [sent] = [m for m in sim_state.delivered if m.channel == "mp.custom"]
    assert sent.recipients == ("o-alice",) and "1个工作日" in sent.payload["text"]["content"]
