"""The supervisor's console pages keep to the region (DOMAIN.md "Levels and routing"): a county
supervisor neither sees nor acts on the other county's cards, requests or audit entries; the
city supervisor reaches both."""

from __future__ import annotations

import re

from models.supervision import SupervisionCard, UrgingNotice
from models.tickets import ExtensionState, TicketExtension
from tests.console.supervision_helpers import form_token, use_console_as
from tests.regions.conftest import (  # noqa: F401  (fixtures)
    Tree,
    settings_overrides,
    tree,
    world,
)


async def _requests_in(world: Tree, county: str) -> int:  # noqa: F811
    """A ticket extension and an invalid-review request of the county; the extension's id."""
    made, handler = world.made[county], f"{county}_handler"
    ticket = made["ticket"]
    asked = {"working_days": 2, "reason": f"需要核实 {county}"}
    await world.call("POST", f"/api/tickets/{ticket}/extensions", handler, asked, status=201)
    rect = f"/api/staff/rectifications/{made['rectification']}"
    contact = {"method": "phone", "reached": True, "note": "已联系"}
    await world.call("POST", f"{rect}/contacts", handler, contact, status=201)
    invalid = {"classification": "untrue", "reason": f"不实评价 {county}"}
    await world.call("POST", f"{rect}/invalid-request", handler, invalid)
    return (await TicketExtension.get(ticket_id=ticket)).id


async def test_the_other_countys_cards_requests_and_trail_are_not_there(
    world: Tree,  # noqa: F811
) -> None:
    qs_extension = await _requests_in(world, "qs")
    bs_extension = await _requests_in(world, "bs")
    client = world.client
    use_console_as(client, world.headers["qs_sup"])
    decisions = await (await client.get("/console/decisions")).text()
    assert "需要核实 qs" in decisions and "不实评价 qs" in decisions
    assert "需要核实 bs" not in decisions and "不实评价 bs" not in decisions
    token = await form_token(client, "/console/decisions")

    bs_card = await SupervisionCard.filter(department_id=world.departments["bs"].id).first()
    assert bs_card is not None
    refused = {
        f"/console/cards/{bs_card.id}/acknowledge": {"csrf": token},
        f"/console/deadlines/{world.made['bs']['deadline']}/urgings": {
            "csrf": token,
            "message": "请加快",
        },
        f"/console/decisions/ticket-extensions/{bs_extension}": {
            "csrf": token,
            "decision": "approve",
        },
        f"/console/decisions/invalid-reviews/{world.made['bs']['rectification']}": {
            "csrf": token,
            "decision": "approve",
        },
    }
    for path, form in refused.items():
        response = await client.post(path, data=form)
        assert response.status == 404, f"{path}: {response.status}"
    await bs_card.refresh_from_db()
    assert bs_card.acknowledged_at is None and not await UrgingNotice.exists()
    assert (await TicketExtension.get(id=bs_extension)).state == ExtensionState.PENDING

    for kind, key in (
        ("case", "running"),
        ("ticket", "ticket"),
        ("rectification", "rectification"),
    ):
        own = f"/console/audit?object_type={kind}&object_id={world.made['qs'][key]}"
        other = f"/console/audit?object_type={kind}&object_id={world.made['bs'][key]}"
        assert "共 0 条" not in await (await client.get(own)).text(), own
        assert "共 0 条" in await (await client.get(other)).text(), other
    qs_total = _total(await (await client.get("/console/audit")).text())

    use_console_as(client, world.headers["city_sup"])
    city = await (await client.get("/console/decisions")).text()
    assert "需要核实 qs" in city and "需要核实 bs" in city
    decided = await client.post(
        f"/console/decisions/ticket-extensions/{bs_extension}",
        data={"csrf": await form_token(client, "/console/decisions"), "decision": "approve"},
    )
    assert decided.status == 200
    assert (await TicketExtension.get(id=bs_extension)).state == ExtensionState.APPROVED
    assert (await TicketExtension.get(id=qs_extension)).state == ExtensionState.PENDING
    other = f"/console/audit?object_type=case&object_id={world.made['bs']['running']}"
    assert "共 0 条" not in await (await client.get(other)).text()
    # The whole trail of the city's matters is more than the county's part of it.
    assert _total(await (await client.get("/console/audit")).text()) > qs_total > 0


def _total(html: str) -> int:
    found = re.search(r"共 (\d+) 条", html)
    assert found, html
    return int(found.group(1))
