"""Every time a person reads in a card, a group message or an SMS is local and to the minute."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.notify_templates import Template, load_templates
from core.settings import SupervisionSettings
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxStatus
from models.people import Department
from notify.dispatcher import Dispatcher
from notify.render import render
from notify.templates import CHANNEL
from tests.notify.conftest import later, row
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue, to_citizen
from workflows.supervision import deadlines
from workflows.supervision.cards import issue_cards

SHANGHAI = ZoneInfo("Asia/Shanghai")
BOOK = load_templates("notify/templates/templates.toml", 6)
# The end of 2 December in Shanghai, as the workflows write a deadline into the outbox.
DUE_UTC = "2026-12-02T15:59:59.999999+00:00"
MOMENT_NAMES = ("_at", "until")


def _placeholders(text: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name]


def _texts(spec: Any) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [t for value in spec.values() for t in _texts(value)]
    if isinstance(spec, list):
        return [t for value in spec for t in _texts(value)]
    return []


def _sections() -> list[tuple[Template, str]]:
    # The province's wire is read by a machine (UTC ISO moments, workflows/exchange/outbound_map).
    return [(t, section) for t in BOOK for section in t.sections if section != "province"]


@pytest.mark.parametrize(
    ("template", "section"), _sections(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_every_moment_in_every_template_is_shown_local_to_the_minute(
    template: Template, section: str
) -> None:
    names = {n for text in _texts(template.sections[section]) for n, _ in _placeholders(text)}
    data = {n: DUE_UTC if n.endswith(MOMENT_NAMES) else "12" for n in names}
    # A subscribe message's phrase fields take Chinese only (at most 5 characters).
    phrases = template.sections[section].get("data", {}) if section == "subscribe" else {}
    for key, text in phrases.items():
        if key.startswith("phrase"):
            data.update({n: "已受理" for n, _ in _placeholders(text)})
    payload = render(template, CHANNEL[section], data, SHANGHAI, "t1", "http://console")

    shown = " ".join(_texts(payload))
    assert "T15:59" not in shown and "+00:00" not in shown, shown
    if any(n.endswith(MOMENT_NAMES) for n in names):
        assert "2026-12-02" in shown and "2026-12-03" not in shown, shown


def test_a_moment_placeholder_never_goes_without_a_time_or_date_filter() -> None:
    bare = [
        f"{t.name}.{section}: {{{name}}}"
        for t, section in _sections()
        for text in _texts(t.sections[section])
        for name, spec in _placeholders(text)
        if name.endswith(MOMENT_NAMES) and spec not in ("time", "date")
    ]
    assert bare == []


def test_sms_fallback_names_the_deadline_as_a_citizen_reads_it() -> None:
    data = {"title": "路灯不亮", "due_at": DUE_UTC}
    sms = render(BOOK.get("ticket_accepted"), CHANNEL["sms"], data, SHANGHAI, "t", "http://c")
    assert sms["params"] == ["路灯不亮", "2026-12-02 23:59"]


async def test_yellow_card_and_group_message_show_the_due_minute_in_local_time(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_staff_member
) -> None:
    await make_staff_member("handler1", ["handler"])
    department = await Department.get(code="DEPT-A")
    calendar = WorkingCalendar()
    monday = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    await deadlines.watch(
        "case",
        1,
        department_id=department.id,
        title="食品经营许可 QS001",
        started_at=monday,
        due_at=calendar.due_at(monday, 2),  # the end of Wednesday the 25th, local
        limit_working_days=2,
    )
    rules = SupervisionSettings(
        yellow_within_working_days=1, red_after_overdue_working_days=0, scan_seconds=60
    )
    await issue_cards(monday + timedelta(days=1), calendar, rules)

    await dispatcher.deliver_due(later(1))

    by_channel = {d.channel: d.payload for d in sim_state.delivered}
    card = by_channel["wecom.app"]["template_card"]
    assert card["sub_title_text"] == "办理期限 2026-11-25 23:59，即将到期，请抓紧办理。"
    robot = by_channel["wecom.robot"]["markdown"]["content"]
    assert robot.endswith("> 期限：2026-11-25 23:59")


@pytest.mark.handmade_outbox  # a value no producer writes, on purpose
async def test_a_time_wechat_would_refuse_fails_here_and_is_not_sent(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen(consent={"TPL-TICKET-STATUS": 1})
    data = {"ticket_id": 5, "title": "路灯不亮", "due_at": "下周一"}
    await enqueue([to_citizen("t:1", citizen.id, "ticket_accepted", data)])

    await dispatcher.deliver_due(later(1))

    message = await row("t:1")
    assert message.status == OutboxStatus.FAILED
    assert message.last_error_code == "template_data_invalid" and "time3" in (
        message.last_error_message
    )
    assert sim_state.calls("/cgi-bin/message/subscribe/send") == []


async def test_subscribe_time_from_a_utc_deadline_is_local_and_to_the_minute(
    dispatcher: Dispatcher, sim_state: SimulatorState, make_citizen
) -> None:
    citizen = await make_citizen(consent={"TPL-TICKET-STATUS": 1})
    data = {"ticket_id": 5, "title": "路灯不亮", "due_at": DUE_UTC}
    await enqueue([to_citizen("t:1", citizen.id, "ticket_accepted", data)])

    await dispatcher.deliver_due(later(1))

    assert (await row("t:1")).status == OutboxStatus.SENT
    [delivered] = sim_state.delivered
    assert delivered.payload["data"]["time3"]["value"] == "2026-12-02 23:59"
