"""Scoped supervision (DOMAIN.md "Levels and routing"): every list, card, report and export a
supervisor reaches shows exactly their region's subtree — a county supervisor nothing of the
other county, the city supervisor both — and a department filter outside the scope is 404."""

from __future__ import annotations

from typing import Any

import pytest

from models.reviews import Rectification, RectificationState
from tests.conftest import STAFF_PASSWORD
from tests.console.conftest import csrf_of
from tests.regions.conftest import MARKS, Tree

# Every list, card, report and export operation a supervisor can reach, API and console.
API_LISTS = {
    "listDepartmentCases": "/api/staff/cases?limit=100",
    "listDepartmentCases (due)": "/api/staff/cases?limit=100&due_before=2100-01-01T00:00:00Z",
    "listCards": "/api/supervision/cards?limit=200",
    "listCards (all)": "/api/supervision/cards?limit=200&open=false",
    "listDepartmentTickets": "/api/staff/tickets",
    "listRectifications": "/api/staff/rectifications",
    "listCallbackTasks": "/api/staff/callbacks",
    "listForwardedCases": "/api/staff/forwarded-cases",
    "getWeeklyReport": "/api/reports/weekly",
    "exportWeeklyReport (csv)": "/api/reports/weekly/export?format=csv",
}
CONSOLE_PAGES = {
    "console queue": "/console/queue",
    "console cards": "/console/cards",
    "console callbacks": "/console/callbacks",
    "console report": "/console/reports",
    "console report export": "/console/reports/export?format=csv",
}
SEES = {
    "qs_sup": {"qs"},
    "bs_sup": {"bs"},
    "city_sup": {"qs", "bs"},
}


async def _read(world: Tree, path: str, who: str) -> str:
    response = await world.client.get(path, headers=world.headers[who])
    body = await response.read()
    assert response.status == 200, f"{path} as {who}: {response.status} {body[:300]!r}"
    return body.decode("utf-8-sig")


def _marks_in(text: str) -> set[str]:
    return {county for county, mark in MARKS.items() if mark in text}


@pytest.mark.parametrize("who", sorted(SEES))
async def test_every_list_card_report_and_export_shows_exactly_the_subtree(
    world: Tree, who: str
) -> None:
    wrong = {}
    for name, path in API_LISTS.items():
        text = await _read(world, path, who)
        if _marks_in(text) != SEES[who]:
            wrong[name] = sorted(_marks_in(text))
    assert not wrong, f"{who} should see {sorted(SEES[who])}: {wrong}"


@pytest.mark.parametrize("who", sorted(SEES))
async def test_every_console_page_shows_exactly_the_subtree(world: Tree, who: str) -> None:
    wrong = {}
    for name, path in CONSOLE_PAGES.items():
        form = await world.client.get("/console/login")
        await world.client.post(
            "/console/login",
            data={"csrf": csrf_of(await form.text()), "username": who, "password": STAFF_PASSWORD},
        )
        response = await world.client.get(path)
        assert response.status == 200, f"{path} as {who}: {response.status}"
        text = (await response.read()).decode("utf-8-sig")
        world.client.session.cookie_jar.clear()
        if _marks_in(text) != SEES[who]:
            wrong[name] = sorted(_marks_in(text))
    assert not wrong, f"{who} should see {sorted(SEES[who])}: {wrong}"


async def test_the_review_offices_callback_visitors_see_their_county_only(world: Tree) -> None:
    # Both rectifications are done and wait for the review office's callback.
    await Rectification.all().update(state=RectificationState.AWAITING_CALLBACK)
    for path in ("/api/staff/callbacks", "/api/staff/rectifications"):
        assert _marks_in(await _read(world, path, "qs_visitor")) == {"qs"}, path
        assert _marks_in(await _read(world, path, "bs_visitor")) == {"bs"}, path


FILTERED = {
    "listDepartmentCases": "/api/staff/cases?department_id={id}",
    "listCards": "/api/supervision/cards?department_id={id}",
    "listDepartmentTickets": "/api/staff/tickets?department_id={id}",
    "getWeeklyReport": "/api/reports/weekly?department_id={id}",
    "exportWeeklyReport": "/api/reports/weekly/export?department_id={id}",
}


@pytest.mark.parametrize("name", sorted(FILTERED))
async def test_a_department_filter_outside_the_scope_is_not_found(world: Tree, name: str) -> None:
    other = FILTERED[name].format(id=world.departments["bs"].id)
    response = await world.client.get(other, headers=world.headers["qs_sup"])
    assert response.status == 404, await response.text()
    assert "scope" in (await response.json())["message"]
    own = FILTERED[name].format(id=world.departments["qs"].id)
    assert _marks_in(await _read(world, own, "qs_sup")) == {"qs"}
    # The city reaches both counties' departments.
    assert _marks_in(await _read(world, other, "city_sup")) == {"bs"}


async def test_single_matters_of_the_other_county_are_not_found(world: Tree) -> None:
    bs = world.made["bs"]
    refused: dict[str, tuple[str, str, Any]] = {
        "getCase": ("GET", f"/api/cases/{bs['running']}", None),
        "getTicket": ("GET", f"/api/tickets/{bs['ticket']}", None),
        "urgeMatter": (
            "POST",
            f"/api/supervision/deadlines/{bs['deadline']}/urgings",
            {"message": "请加快办理"},
        ),
        "urgeTicket": (
            "POST",
            f"/api/tickets/{bs['ticket']}/urging",
            {"method": "online", "note": "请加快"},
        ),
    }
    for name, (method, path, body) in refused.items():
        response = await world.client.request(
            method, path, json=body, headers=world.headers["qs_sup"]
        )
        assert response.status == 404, f"{name}: {response.status} {await response.text()}"
    await world.call(
        "POST",
        f"/api/supervision/deadlines/{bs['deadline']}/urgings",
        "city_sup",
        {"message": "请加快办理"},
        status=201,
    )
    await world.call("GET", f"/api/cases/{bs['running']}", "bs_sup")


async def test_the_callback_visitor_cannot_record_the_other_countys_visit(world: Tree) -> None:
    visit = world.made["bs"]["visit"]
    response = await world.client.post(
        f"/api/staff/callbacks/{visit}/contact-reveal", headers=world.headers["qs_visitor"]
    )
    assert response.status == 404, await response.text()


async def test_the_region_tree_is_listed_as_far_as_the_scope_reaches(world: Tree) -> None:
    qs = await world.call("GET", "/api/staff/regions", "qs_sup")
    codes = [r["code"] for r in qs["regions"]]
    assert codes == ["990101000000", "990101001000", "990101001001"]
    city = await world.call("GET", "/api/staff/regions", "city_sup")
    assert {r["code"] for r in city["regions"]} >= {"990101000000", "990102000000"}
    assert "990000000000" not in {r["code"] for r in city["regions"]}
