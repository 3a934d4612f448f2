"""Special procedures (seed 002 art. 11): they pause the case's clock with their own limit and
reason, show in progress, are carded over their own limit, and ending them resumes the clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, SETTINGS
from models.case_lifecycle import SpecialProcedure
from models.catalog import ServiceItem
from models.supervision import Deadline, DeadlineState, SupervisionCard
from tests.certificates.conftest import apply_with, cert_item, decide, to_review  # noqa: F401
from workflows import clock
from workflows.supervision import deadlines
from workflows.supervision.cards import issue_cards

Headers = dict[str, Any]
HEARING = {"kind": "hearing", "reason": "涉及重大公共利益，依法听证", "limit_working_days": 10}


def path(case_id: int, end: bool = False) -> str:
    return f"/api/staff/cases/{case_id}/special-procedure" + ("/end" if end else "")


async def test_a_procedure_pauses_the_clock_shows_in_progress_and_resumes_it(
    client: TestClient,
    app: web.Application,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    to_review: Callable[..., Awaitable[None]],  # noqa: F811
) -> None:
    from tests.cases.conftest import application

    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    submitted = await client.post("/api/cases", json=application("ITEM-C"), headers=citizen)
    body = await submitted.json()
    case, secret = body["case"], body["lookup_secret"]
    await to_review(handler, case["id"])
    before = await deadlines.get("case", case["id"])
    assert before is not None and before.state == DeadlineState.RUNNING

    response = await client.post(path(case["id"]), json=HEARING, headers=handler)
    assert response.status == 201, await response.text()
    shown = (await response.json())["special_procedure"]
    assert shown["kind"] == "hearing" and shown["kind_label"] == "听证"
    assert shown["reason"] == HEARING["reason"] and shown["until"] > shown["since"]
    paused = await deadlines.get("case", case["id"])
    assert paused is not None and paused.state == DeadlineState.PAUSED

    lookup = await client.post(
        "/api/cases/lookup", json={"case_no": case["case_no"], "secret": secret}
    )
    progress = await lookup.json()
    assert progress["special_procedure"]["kind_label"] == "听证"
    assert progress["timeline"][-1]["action"] == "start_special_procedure"

    # Far past both limits: the paused case gets no card, the procedure over its own limit does.
    calendar = await app[CALENDAR].current()
    later = clock.utc_now() + timedelta(days=40)
    cards = await issue_cards(later, calendar, app[SETTINGS].supervision)
    carded = {(await Deadline.get(id=c.deadline_id)).subject_type for c in cards}  # type: ignore[attr-defined]
    assert carded == {"case_procedure"}

    response = await client.post(
        path(case["id"], end=True), json={"outcome": "听证结束"}, headers=handler
    )
    assert response.status == 200, await response.text()
    assert (await response.json())["special_procedure"] is None
    resumed = await deadlines.get("case", case["id"])
    assert resumed is not None and resumed.state == DeadlineState.RUNNING
    procedure = await SpecialProcedure.get(case_id=case["id"])
    own = await deadlines.get("case_procedure", procedure.id)
    assert own is not None and own.state == DeadlineState.DONE
    assert not await SupervisionCard.filter(deadline_id=own.id, cleared_at=None).exists()


async def test_procedure_refusals_change_nothing(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[Headers]],
    make_staff: Callable[..., Awaitable[Headers]],
    cert_item: ServiceItem,  # noqa: F811
    apply_with: Callable[..., Awaitable[dict[str, Any]]],  # noqa: F811
    to_review: Callable[..., Awaitable[None]],  # noqa: F811
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    handler = await make_staff("handler-a", ["handler"], "DEPT-A")
    other = await make_staff("handler-b", ["handler"], "DEPT-B")
    case = await apply_with(citizen)

    response = await client.post(path(case["id"]), json=HEARING, headers=handler)
    assert response.status == 409 and (await response.json())["code"] == "case_not_under_review"
    await to_review(handler, case["id"])
    response = await client.post(path(case["id"], end=True), json={}, headers=handler)
    assert response.status == 409 and (await response.json())["code"] == "no_special_procedure"
    response = await client.post(path(case["id"]), json=HEARING, headers=other)
    assert response.status == 404
    assert await SpecialProcedure.all().count() == 0

    assert (await client.post(path(case["id"]), json=HEARING, headers=handler)).status == 201
    notice = {**HEARING, "kind": "public_notice"}
    response = await client.post(path(case["id"]), json=notice, headers=handler)
    assert response.status == 409
    assert (await response.json())["code"] == "special_procedure_running"
    response = await act(handler, case["id"], "approve")
    assert response.status == 409
    assert (await response.json())["code"] == "special_procedure_running"
    assert await SpecialProcedure.all().count() == 1
