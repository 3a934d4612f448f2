"""The hall window that registered a walk-in for another department (一窗受理) can read it back."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.cases import Case
from models.catalog import ServiceItem
from tests.cases.conftest import application

MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


async def test_the_clerk_who_registered_a_walk_in_and_their_hall_colleagues_read_it(
    client: TestClient, make_staff: MakeStaff, items: dict[str, ServiceItem]
) -> None:
    clerk = await make_staff("clerk-hall", ["clerk"], "HALL")
    response = await client.post("/api/staff/cases", json=application("ITEM-A"), headers=clerk)
    assert response.status == 201, await response.text()
    case_id = (await response.json())["case"]["id"]
    path = f"/api/cases/{case_id}"
    mine = await client.get(path, headers=clerk)
    assert mine.status == 200, await mine.text()
    view = await mine.json()
    assert view["channel"] == "window" and view["status"] == "submitted"
    assert "13812345678" not in str(view) and "11010519491231002X" not in str(view)
    colleague = await make_staff("clerk-hall-2", ["clerk"], "HALL")
    assert (await client.get(path, headers=colleague)).status == 200
    # The department that handles it reads it as before; nobody else learns it exists.
    assert (
        await client.get(path, headers=await make_staff("h-a", ["handler"], "DEPT-A"))
    ).status == 200
    for outsider in (
        await make_staff("handler-hall", ["handler"], "HALL"),
        await make_staff("clerk-b", ["clerk"], "DEPT-B"),
    ):
        refused = await client.get(path, headers=outsider)
        assert refused.status == 404
        assert (
            await refused.json()
            == await (await client.get("/api/cases/999999", headers=outsider)).json()
        )


async def test_an_applicant_name_of_spaces_is_refused(
    client: TestClient, make_staff: MakeStaff, items: dict[str, ServiceItem]
) -> None:
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    body = application(applicant_name="  \u3000 ")
    response = await client.post("/api/staff/cases", json=body, headers=clerk)
    assert response.status == 422
    assert "applicant_name" in (await response.json())["fields"]
    assert not await Case.exists()
