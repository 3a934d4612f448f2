"""An inquiry opened from the chat waits for screening, watched like the mini-program's."""

from __future__ import annotations

from models.people import Department, StaffAccount
from models.supervision import Deadline, DeadlineState
from models.tickets import Ticket
from tests.bots.conftest import next_msg_id
from tests.bots.support import WeChatServer, text_xml
from workflows.tickets.screening import SCREENING_SUBJECT


async def test_a_handed_over_question_is_watched_until_screened(
    wechat: WeChatServer, login_citizen, catalog
) -> None:
    office = await Department.create(code="OFFICE", name="政务服务管理办公室", region="测试县")
    await StaffAccount.create(
        username="sup", name="sup", department=office, roles=["supervisor"], password_hash="-"
    )
    await login_citizen("o-alice")
    answer = await wechat.mp_encrypted(text_xml("o-alice", "人工 我的证照丢了", next_msg_id()))
    assert answer.status == 200, answer.body
    ticket = await Ticket.get()
    deadline = await Deadline.get(subject_type=SCREENING_SUBJECT, subject_id=ticket.id)
    assert deadline.department_id == office.id and deadline.state == DeadlineState.RUNNING
