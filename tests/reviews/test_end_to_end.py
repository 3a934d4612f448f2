"""End to end (issue 19): a walk-in case rated by the link texted to its applicant, through the
SMS simulator, and the bad review's dissatisfied callback reopening its rectification."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from core.appkeys import KV, SETTINGS
from devtools.sms_sim import SmsSimState
from models.supervision import Deadline, DeadlineState
from notify.service import build_dispatcher
from tests.notify.conftest import sms_environment, sms_sim, sms_state  # noqa: F401 (fixtures)
from tests.reviews.conftest import APPLICANT_PHONE, County
from tests.reviews.helpers import close_case, staff, walk_in
from workflows import clock

E164 = "+86" + APPLICANT_PHONE
RATING_LINK_TEMPLATE = "2100031"
RECTIFIED_TEMPLATE = "2100013"


@pytest.fixture
def settings_overrides(sms_sim: str, sms_state: SmsSimState) -> dict[str, str]:  # noqa: F811
    # Tencent's documented default for a plain template variable: 12 characters.
    sms_state.param_max_chars = 12
    sms_state.per_thirty_seconds = sms_state.per_hour = sms_state.per_day = 100
    return {
        "MINIAPP_NOTIFY_QUIET_START": "00:00:00",
        "MINIAPP_NOTIFY_QUIET_END": "00:00:00",
        "MINIAPP_SMS_MIN_INTERVAL_SECONDS": "0",
        "MINIAPP_SMS_PER_NUMBER_PER_HOUR": "0",
        "MINIAPP_SMS_PER_NUMBER_PER_DAY": "0",
        **sms_environment(sms_sim, sms_state),
    }


@pytest.fixture
async def deliver(county: County) -> AsyncIterator:
    app = county.client.app
    async with aiohttp.ClientSession() as http:
        dispatcher = build_dispatcher(app[SETTINGS], app[KV], http, worker_id="worker-e2e")

        async def run() -> None:
            for _ in range(5):
                await dispatcher.deliver_due(datetime.now(UTC) + timedelta(seconds=5))

        yield run


async def test_walk_in_rated_by_sms_link_and_a_dissatisfied_callback_reopens(
    county: County,
    sms_state: SmsSimState,  # noqa: F811
    deliver,
) -> None:
    clerk = await staff(county.client.app, "clerk", "clerk")
    case = await walk_in(county, clerk, sms_consent=True)
    await close_case(county, case["id"])
    await deliver()

    [text] = [m for m in sms_state.messages_to(E164) if m.template_id == RATING_LINK_TEMPLATE]
    item_short, code = text.params
    assert item_short == "营业执照变更登记" and len(code) == 12
    assert all(len(param) <= 12 for param in text.params)

    page = await county.call("GET", f"/api/rating-links/{code}", {})
    assert page["rateable"] is True
    body = {"grade": "very_dissatisfied", "scores": {"attitude": 1}, "text": "窗口推诿"}
    rated = await county.call("POST", f"/api/rating-links/{code}/review", {}, body, 201)
    assert rated["rated_via"] == "sms_link" and rated["bad"] is True
    await county.call("POST", f"/api/rating-links/{code}/review", {}, body, 409)

    [rect] = await county.rectifications(county.handler_x)
    assert rect["real_name"] is True and rect["review"]["channel"] == "hall"
    await county.contact(rect["id"])
    simple = {"classification": "simple"}
    await county.step(rect["id"], "classification", county.handler_x, simple)
    done = await county.step(rect["id"], "completion", county.handler_x, {"summary": "已约谈"})
    assert done["state"] == "awaiting_callback"
    await deliver()
    told = [m for m in sms_state.messages_to(E164) if m.template_id == RECTIFIED_TEMPLATE]
    assert len(told) == 1  # the walk-in reviewer learns of the rectification by SMS

    unhappy = {"method": "phone", "reached": True, "satisfied": False, "note": "仍不满意"}
    reopened = await county.step(rect["id"], "callbacks", county.visitor, unhappy, 201)
    assert reopened["state"] == "rectifying" and reopened["reopened_count"] == 1
    deadline = await Deadline.get(subject_type="rectification", subject_id=rect["id"])
    assert deadline.state == DeadlineState.RUNNING and deadline.due_at > clock.utc_now()
    assert reopened["due_at"] is not None
