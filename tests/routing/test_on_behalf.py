"""代办 (seed 004 §四(三), seed 001 §三(三)4): an agent submits for a citizen, with consent; the
citizen sees the case as their own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from models.audit import AuditRecord
from models.cases import Case
from models.people import Citizen
from models.routing import CaseRouting
from tests.routing.conftest import ID_NUMBER, County, walk_in
from workflows.audit import Actor
from workflows.identity.walk_ins import claim_walk_ins, walk_in_id_hash

Login = Callable[[str], Awaitable[dict[str, Any]]]


def agent_path(county: County) -> str:
    return f"/api/staff/halls/{county.other_hall.id}/agent/cases"


async def test_an_agent_submits_for_a_verified_citizen_who_sees_it_as_their_own(
    county: County, login_citizen: Login
) -> None:
    citizen_headers = await login_citizen("o-villager")
    await Citizen.filter(openid="o-villager").update(
        id_number_hash=walk_in_id_hash(ID_NUMBER), assurance=2
    )
    body = walk_in("ITEM-A", consent_ref="委托书-2025-0001")
    out = await county.call("POST", agent_path(county), "agent", body, 201)
    assert out["consent_ref"] == "委托书-2025-0001" and out["hall"]["code"] == "HALL-2"
    case = out["case"]
    assert case["department"]["code"] == "DEPT-A"
    assert "代办" in case["timeline"][0]["note"]
    routing = await CaseRouting.get(case_id=case["id"])
    assert routing.on_behalf and routing.consent_ref == "委托书-2025-0001"
    assert await AuditRecord.filter(action="case.on_behalf", object_id=case["id"]).exists()
    response = await county.client.get("/api/cases", headers=citizen_headers)
    mine = await response.json()
    assert [c["id"] for c in mine["cases"]] == [case["id"]]
    assert (
        await county.client.get(f"/api/cases/{case['id']}", headers=citizen_headers)
    ).status == 200
    # The agent keeps seeing it among what they submitted.
    received = await county.call("GET", "/api/staff/window/received", "agent")
    assert received["cases"][0]["on_behalf"] is True


async def test_a_citizen_who_verifies_later_gets_the_case_submitted_for_them(
    county: County, login_citizen: Login
) -> None:
    headers = await login_citizen("o-later")
    body = walk_in("ITEM-B", consent_ref="委托书-7")
    case_id = (await county.call("POST", agent_path(county), "agent", body, 201))["case"]["id"]
    assert (await (await county.client.get("/api/cases", headers=headers)).json())["total"] == 0
    citizen = await Citizen.get(openid="o-later")
    citizen.id_number_hash = walk_in_id_hash(ID_NUMBER)
    await citizen.save()
    assert await claim_walk_ins(Actor.system("test"), citizen, datetime.now(UTC)) == 1
    mine = await (await county.client.get("/api/cases", headers=headers)).json()
    assert [c["id"] for c in mine["cases"]] == [case_id]


async def test_on_behalf_needs_an_agent_post_consent_and_a_valid_id_number(
    county: County,
) -> None:
    for who in ("window", "clerk"):
        refused = await county.call(
            "POST", agent_path(county), who, walk_in(consent_ref="委托书-1"), 403
        )
        assert refused["code"] == "not_hall_agent"
    no_consent = await county.call("POST", agent_path(county), "agent", walk_in(), 422)
    assert "consent_ref" in no_consent["fields"]
    blank = await county.call("POST", agent_path(county), "agent", walk_in(consent_ref="  "), 422)
    assert "consent_ref" in blank["fields"]
    bad_checksum = walk_in(consent_ref="委托书-1", applicant_id_number="110105194912310021")
    refused = await county.call("POST", agent_path(county), "agent", bad_checksum, 422)
    assert refused["code"] == "id_number_required"
    assert not await Case.exists() and not await CaseRouting.exists()
