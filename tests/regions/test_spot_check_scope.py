"""Spot checks (抽查) are a region's matter like every other: a county supervisor samples only
its county's closed complaints, and another county's supervisor cannot open or judge the draw."""

from __future__ import annotations

from models.tickets import Ticket, TicketState
from tests.regions.conftest import Tree

EVER = {"period_start": "2000-01-01T00:00:00Z", "period_end": "2100-01-01T00:00:00Z"}
PATH = "/api/supervision/spot-checks"


async def closed_complaint(world: Tree, county: str) -> int:
    """The county's one closed complaint (the world closes one per county)."""
    ticket = await Ticket.get(
        state=TicketState.CLOSED, assigned_department_id=world.departments[county].id
    )
    return ticket.id


async def test_a_county_draw_samples_its_own_county_and_stays_there(world: Tree) -> None:
    qs_closed, bs_closed = [await closed_complaint(world, county) for county in ("qs", "bs")]
    check = await world.call("POST", PATH, "qs_sup", {**EVER, "size": 50}, status=201)
    assert [f["ticket_id"] for f in check["findings"]] == [qs_closed]
    assert check["population"] == 1  # the other county's closed complaint is not counted
    own = f"{PATH}/{check['id']}"
    await world.call("GET", own, "bs_sup", status=404)
    await world.call("POST", f"{own}/findings/{qs_closed}", "bs_sup", {"result": "ok"}, status=404)
    assert (await world.call("GET", own, "city_sup"))["id"] == check["id"]  # the city above
    await world.call("POST", f"{own}/findings/{qs_closed}", "qs_sup", {"result": "ok"})

    city = await world.call("POST", PATH, "city_sup", {**EVER, "size": 50}, status=201)
    assert {f["ticket_id"] for f in city["findings"]} == {qs_closed, bs_closed}
    await world.call("GET", f"{PATH}/{city['id']}", "qs_sup", status=404)
