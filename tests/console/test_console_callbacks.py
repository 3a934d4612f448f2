"""The callback visitor's pages: the worklist with the outcome form, a page per visit with the
matter's history, the phone masked and revealed only by an audited POST — as the API does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.tickets import CallbackAttempt, CallbackState, CallbackVisit, Ticket, TicketState
from tests.console.conftest import csrf_of
from tests.console.regions import move_to_other_county

Login = Callable[..., Awaitable[str]]
MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


async def test_the_visitor_clicks_to_reveal_the_phone_and_the_reveal_is_audited(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: Login,
    callback_visit: int,
) -> None:
    visit_id = callback_visit
    await console_login("huifang")
    page = await client.get("/console/callbacks")
    html = await page.text()
    assert "138****5678" in html and "13812345678" not in html
    action = f"/console/callbacks/{visit_id}/contact-reveal"
    assert f'action="{action}"' in html
    forged = await client.post(action, data={"csrf": "forged"})
    assert forged.status == 403
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()
    revealed = await client.post(action, data={"csrf": csrf_of(html)})
    assert revealed.status == 200
    text = await revealed.text()
    # The visit's own page, its number whole and the outcome form next to it.
    assert "13812345678" in text and f'action="/console/callbacks/{visit_id}"' in text
    audit = await AuditRecord.get(action="callback.contact_revealed")
    assert audit.object_id == str(visit_id) or int(audit.object_id) == visit_id
    # Opening the worklist or the visit again shows it masked again.
    assert "13812345678" not in await (await client.get("/console/callbacks")).text()
    assert "13812345678" not in await (await client.get(f"/console/callbacks/{visit_id}")).text()


async def test_the_visit_page_shows_the_history_and_the_contact_masked(
    client: TestClient, console_login: Login, callback_visit: int
) -> None:
    await console_login("huifang")
    response = await client.get(f"/console/callbacks/{callback_visit}")
    html = await response.text()
    assert response.status == 200
    assert "窗口态度差" in html and "张*" in html and "138****5678" in html
    assert "13812345678" not in html
    # The matter's history: submitted, accepted, assigned, closed with its summary.
    for step in ("提交诉求", "分派办理部门", "办结（已解决）", "已处理"):
        assert step in html, step
    assert "尚未回访" in html and "保存回访结果" in html
    assert (await client.get("/console/callbacks/999999")).status == 404
    assert (await client.get("/console/callbacks/abc")).status == 404


async def test_a_dissatisfied_callback_reopens_the_ticket_as_the_api_does(
    client: TestClient, console_login: Login, callback_visit: int
) -> None:
    html = await console_login("huifang")
    response = await client.post(
        f"/console/callbacks/{callback_visit}",
        data={
            "csrf": csrf_of(html),
            "method": "phone",
            "outcome": "dissatisfied",
            "note": "仍未解决",
        },
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/console/callbacks/{callback_visit}"
    visit = await CallbackVisit.get(id=callback_visit).prefetch_related("ticket")
    assert visit.state == CallbackState.DONE and visit.satisfaction.value == "dissatisfied"
    ticket = await Ticket.get(id=visit.ticket.id)
    assert ticket.state == TicketState.IN_HANDLING and ticket.reopen_count == 1
    done = await AuditRecord.get(action="ticket.callback_done", object_id=str(ticket.id))
    assert done.note == "仍未解决"
    assert await AuditRecord.filter(action="ticket.reopened", object_id=str(ticket.id)).exists()
    page = await (await client.get(f"/console/callbacks/{callback_visit}")).text()
    assert "已回访（不满意）" in page and "办理中" in page and "重新办理" in page
    assert "仍未解决" in page and "保存回访结果" not in page
    # The reveal of a finished visit is refused, as revealCallbackContact refuses it.
    refused = await client.post(
        f"/console/callbacks/{callback_visit}/contact-reveal", data={"csrf": csrf_of(html)}
    )
    assert refused.status == 409
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()


async def test_an_unreached_try_from_the_worklist_waits_for_the_next_working_day(
    client: TestClient, console_login: Login, callback_visit: int
) -> None:
    await console_login("huifang")
    worklist = await (await client.get("/console/callbacks")).text()
    assert f'href="/console/callbacks/{callback_visit}"' in worklist
    response = await client.post(
        f"/console/callbacks/{callback_visit}",
        data={"csrf": csrf_of(worklist), "method": "phone", "outcome": "unreached", "note": ""},
    )
    assert response.status == 200  # the redirect followed to the visit's page
    visit = await CallbackVisit.get(id=callback_visit)
    assert visit.state == CallbackState.PENDING and visit.tries == 1
    attempt = await CallbackAttempt.get(visit_id=callback_visit)
    assert not attempt.reached and attempt.satisfaction is None
    html = await response.text()
    assert "下一次回访时间" in html and "未联系上" in html
    # Not due again today: off the worklist.
    assert "窗口态度差" not in await (await client.get("/console/callbacks")).text()


async def test_bad_outcomes_and_missing_csrf_change_nothing(
    client: TestClient, console_login: Login, callback_visit: int
) -> None:
    html = await console_login("huifang")
    action = f"/console/callbacks/{callback_visit}"
    csrf = csrf_of(html)
    cases = [
        ({"method": "phone", "note": ""}, 422, "choose the outcome"),
        ({"method": "fax", "outcome": "satisfied"}, 422, "method"),
        ({"method": "phone", "outcome": "satisfied", "note": "长" * 2001}, 422, "note"),
    ]
    for form, status, message in cases:
        response = await client.post(action, data={"csrf": csrf, **form})
        assert response.status == status, form
        assert message in await response.text(), form
    missing = await client.post(action, data={"method": "phone", "outcome": "satisfied"})
    assert missing.status == 403
    visit = await CallbackVisit.get(id=callback_visit)
    assert visit.tries == 0 and visit.state == CallbackState.PENDING
    assert not await CallbackAttempt.filter(visit_id=callback_visit).exists()


async def test_other_roles_and_another_region_cannot_reach_a_visit(
    client: TestClient, console_login: Login, callback_visit: int, make_staff: MakeStaff
) -> None:
    await console_login("banli")
    assert (await client.get(f"/console/callbacks/{callback_visit}")).status == 403
    client.session.cookie_jar.clear()
    await make_staff("huifang-bs", ["callback_visitor"], "DEPT-A")
    await move_to_other_county("huifang-bs")
    html = await console_login("huifang-bs")
    assert "窗口态度差" not in await (await client.get("/console/callbacks")).text()
    assert (await client.get(f"/console/callbacks/{callback_visit}")).status == 404
    for path in (
        f"/console/callbacks/{callback_visit}",
        f"/console/callbacks/{callback_visit}/contact-reveal",
    ):
        data = {"csrf": csrf_of(html), "method": "phone", "outcome": "satisfied"}
        assert (await client.post(path, data=data)).status == 404, path
    assert (await CallbackVisit.get(id=callback_visit)).tries == 0
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()


async def test_a_confidential_or_anonymous_matter_shows_the_visitor_nothing_it_should_not(
    client: TestClient, console_login: Login, callback_visit: int
) -> None:
    visit = await CallbackVisit.get(id=callback_visit).prefetch_related("ticket")
    await Ticket.filter(id=visit.ticket.id).update(confidential=True)
    html = await console_login("huifang")
    page = await (await client.get(f"/console/callbacks/{callback_visit}")).text()
    assert "窗口态度差" not in page and "办事窗口工作人员态度恶劣" not in page
    assert "已处理" not in page and "保密诉求" in page
    assert "138****5678" in page  # the visitor still needs the contact to call back
    await Ticket.filter(id=visit.ticket.id).update(anonymous=True)
    page = await (await client.get(f"/console/callbacks/{callback_visit}")).text()
    assert "138****5678" not in page and "显示联系方式" not in page and "张*" not in page
    assert 'value="phone"' not in page and 'value="in_app"' in page
    refused = await client.post(
        f"/console/callbacks/{callback_visit}",
        data={"csrf": csrf_of(html), "method": "phone", "outcome": "satisfied"},
    )
    assert refused.status == 422 and "anonymous" in await refused.text()
    assert (await CallbackVisit.get(id=callback_visit)).tries == 0
