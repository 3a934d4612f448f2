"""Items that need a level: the guide says so, applying and booking below it are 403
assurance_required naming the level, and stepping up through the simulators opens the way.
Walk-in cases registered under an ID number reach that person once they are verified."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import Case
from models.catalog import ServiceItem
from models.people import AssuranceLevel, Citizen
from models.tickets import Ticket
from tests.booking.conftest import frozen_clock, hall, quick_citizen  # noqa: F401
from tests.booking.support import book, slots_of
from tests.cases.conftest import application, make_item
from tests.identity.conftest import ID_NUMBER
from tests.identity.test_levels_api import Login, Verify
from tests.reviews.conftest import County, county  # noqa: F401


async def _l2_item(code: str = "ITEM-L2") -> ServiceItem:
    item = await make_item(code, "不动产登记", "DEPT-A")
    item.min_assurance = AssuranceLevel.L2
    await item.save()
    return item


async def test_guide_shows_the_items_minimum_level(client: TestClient) -> None:
    await _l2_item()
    guide = await (await client.get("/api/items/ITEM-L2")).json()
    assert guide["min_assurance"] == "L2"


async def test_citizen_steps_up_from_openid_to_l2_and_applies(
    client: TestClient, login_citizen: Login, verify_phone: Verify, verify_identity: Verify
) -> None:
    await _l2_item()
    headers = await login_citizen("o-e2e")
    typed = application("ITEM-L2", applicant_name="王五", applicant_id_number="")

    refused = await client.post("/api/cases", json=typed, headers=headers)
    assert refused.status == 403
    problem = await refused.json()
    assert problem["code"] == "assurance_required"
    assert problem["fields"]["required_level"] == "L2"

    assert (await verify_phone(headers)).status == 200
    still = await client.post("/api/cases", json=typed, headers=headers)
    assert (still.status, (await still.json())["fields"]["current_level"]) == (403, "L1")

    assert (await verify_identity(headers)).status == 200
    applied = await client.post("/api/cases", json=typed, headers=headers)
    assert applied.status == 201, await applied.text()
    case = (await applied.json())["case"]
    # The applicant is the verified person, whatever was typed.
    stored = await Case.get(case_no=case["case_no"])
    assert (stored.applicant_name, stored.applicant_id_number) == ("张三丰", ID_NUMBER)
    assert stored.applicant_id_hash is not None
    mine = await (await client.get("/api/cases", headers=headers)).json()
    assert [c["case_no"] for c in mine["cases"]] == [case["case_no"]]
    # The mini-app reads the level from getMe to offer the next step-up.
    me = await (await client.get("/api/me", headers=headers)).json()
    assert me["citizen"]["assurance_level"] == "L2"


async def test_walk_in_case_under_an_id_number_appears_after_that_person_reaches_l2(
    client: TestClient, login_citizen: Login, verify_identity: Verify, make_staff: Any
) -> None:
    await make_item("ITEM-A", "营业执照变更登记", "DEPT-A")
    clerk = await make_staff("clerk1", ["clerk"])
    walk_in = application("ITEM-A", applicant_id_number=ID_NUMBER.lower())
    registered = await client.post("/api/staff/cases", json=walk_in, headers=clerk)
    assert registered.status == 201, await registered.text()
    other = application("ITEM-A", applicant_id_number="110101199003074477")
    assert (await client.post("/api/staff/cases", json=other, headers=clerk)).status == 201
    case_no = (await registered.json())["case"]["case_no"]

    headers = await login_citizen("o-walk")
    before = await (await client.get("/api/cases", headers=headers)).json()
    assert before["total"] == 0
    assert (await verify_identity(headers)).status == 200
    after = await (await client.get("/api/cases", headers=headers)).json()
    assert [c["case_no"] for c in after["cases"]] == [case_no]

    # Registered after the person is verified: theirs at once.
    later = await client.post("/api/staff/cases", json=walk_in, headers=clerk)
    assert later.status == 201
    now_mine = await (await client.get("/api/cases", headers=headers)).json()
    assert now_mine["total"] == 2


async def test_booking_an_l2_item_below_l2_is_refused(
    client: TestClient,
    hall: Any,  # noqa: F811
    frozen_clock: Any,  # noqa: F811
    quick_citizen: Any,  # noqa: F811
) -> None:
    item = await ServiceItem.get(code="ITEM-1")
    item.min_assurance = AssuranceLevel.L2
    await item.save()
    headers = await quick_citizen("o-book")
    slot = (await slots_of(client, headers, hall, item))[0]
    refused = await book(client, headers, slot["id"])
    assert refused.status == 403
    assert (await refused.json())["fields"]["required_level"] == "L2"
    await Citizen.filter(openid="o-book").update(assurance=AssuranceLevel.L2)
    assert (await book(client, headers, slot["id"])).status == 201


async def test_real_name_review_of_an_l2_item_needs_l2(county: County) -> None:  # noqa: F811
    case_id = await county.case()
    await ServiceItem.filter(code="ITEM-X").update(min_assurance=AssuranceLevel.L2)
    refused = await county.review(case_id, "dissatisfied", status=403)
    assert (refused["code"], refused["fields"]["required_level"]) == ("assurance_required", "L2")
    await Citizen.filter(openid="openid-a").update(assurance=AssuranceLevel.L2)
    await county.review(case_id, "dissatisfied", status=201)


async def test_tickets_carry_their_authors_verified_identity_before_and_after_l2(
    client: TestClient, login_citizen: Login, verify_identity: Verify
) -> None:
    headers = await login_citizen("o-ticket")
    ticket = {"column": "consult", "title": "咨询", "content": "营业执照怎么变更？"}
    before = await client.post("/api/tickets", json=ticket, headers=headers)
    assert before.status == 201, await before.text()
    assert (await verify_identity(headers)).status == 200
    after = await client.post("/api/tickets", json=ticket, headers=headers)
    assert after.status == 201, await after.text()
    citizen = await Citizen.get(openid="o-ticket")
    assert citizen.id_number_hash
    # Written before the verification or after it, both are that verified person's.
    hashes = await Ticket.filter(citizen_id=citizen.id).values_list("author_id_hash", flat=True)
    assert hashes == [citizen.id_number_hash, citizen.id_number_hash]
    assert ID_NUMBER not in {h for h in hashes if h}
