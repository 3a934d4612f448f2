"""A correction never answered ends the case after [cases] correction_expiry_days working days,
with a notice to the applicant; the job run twice ends it once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR
from models.cases import Case, CaseStatus
from models.outbox import OutboxMessage
from models.supervision import DeadlineState
from worker.jobs import JOBS
from workflows import clock
from workflows.cases.expiry import expire_unanswered_corrections
from workflows.supervision import deadlines

Headers = dict[str, Any]


async def test_an_unanswered_correction_ends_the_case_once(
    client: TestClient,
    app: web.Application,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    waiting = (await apply(citizen))["case"]
    answered = (await apply(citizen))["case"]
    for case in (waiting, answered):
        response = await act(
            handler, case["id"], "request_correction", missing_materials=["营业执照副本"]
        )
        assert response.status == 200, await response.text()
    response = await client.post(
        f"/api/cases/{answered['id']}/correction",
        json={"materials": [{"name": "营业执照副本", "ref": "upload/2"}]},
        headers=citizen,
    )
    assert response.status == 200, await response.text()

    calendar = await app[CALENDAR].current()
    now = clock.utc_now()
    days = 3
    assert await expire_unanswered_corrections(now, calendar, days) == 0
    past = calendar.due_at(now, days + 1)
    assert await expire_unanswered_corrections(past, calendar, days) == 1
    assert await expire_unanswered_corrections(past, calendar, days) == 0

    ended = await Case.get(id=waiting["id"])
    assert ended.status == CaseStatus.CORRECTION_EXPIRED
    deadline = await deadlines.get("case", ended.id)
    assert deadline is not None and deadline.state == DeadlineState.DONE
    assert (await Case.get(id=answered["id"])).status == CaseStatus.SUBMITTED
    notices = await OutboxMessage.filter(subject_id=ended.id, template="case_status_changed")
    assert [n.data["status"] for n in notices].count("补正逾期终止") == 1
    shown = await (await client.get(f"/api/cases/{ended.id}", headers=citizen)).json()
    assert shown["timeline"][-1]["action"] == "correction_expired"
    assert "correction_expiry" in [name for name, _, _ in JOBS]
