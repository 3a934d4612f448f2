"""Finding a hall: listHalls / getHall (public), and getItem naming the halls that serve it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp.test_utils import TestClient

from models.catalog import ItemStatus, ServiceHall, ServiceItem
from models.people import Department
from tests.booking.support import make_item, slots_of

QuickCitizen = Callable[[str], Awaitable[dict[str, str]]]


async def test_a_citizen_finds_the_hall_and_its_items_then_books_there(
    client: TestClient, hall: ServiceHall, quick_citizen: QuickCitizen
) -> None:
    response = await client.get("/api/halls")  # anonymous: the mini-program's first screen
    assert response.status == 200, await response.text()
    page = await response.json()
    assert page["total"] == 1
    (found,) = page["halls"]
    assert found["id"] == hall.id and found["name"] == "县政务服务中心"
    assert found["address"] == "人民路 1 号" and found["location"] is None
    assert found["department"]["code"] == "DEPT-A"
    assert [day["day"] for day in found["opening_hours"]] == ["mon", "tue", "wed", "thu", "fri"]
    assert found["opening_hours"][0]["periods"] == [{"opens": "09:00", "closes": "17:00"}]
    assert [item["code"] for item in found["items"]] == ["ITEM-1", "ITEM-2"]
    # What it found is what booking needs.
    citizen = await quick_citizen("o-1")
    item = await ServiceItem.get(id=found["items"][0]["id"])
    assert await slots_of(client, citizen, await ServiceHall.get(id=found["id"]), item)


async def test_get_hall_shows_its_location_and_only_published_items(
    client: TestClient, hall: ServiceHall
) -> None:
    hall.latitude, hall.longitude, hall.phone = 30.2741, 120.1551, "0571-12345"
    await hall.save()
    await ServiceItem.filter(code="ITEM-2").update(status=ItemStatus.SUSPENDED)
    response = await client.get(f"/api/halls/{hall.id}")
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["location"] == {"latitude": 30.2741, "longitude": 120.1551}
    assert body["phone"] == "0571-12345"
    assert [item["code"] for item in body["items"]] == ["ITEM-1"]
    missing = await client.get("/api/halls/999999")
    assert missing.status == 404 and (await missing.json())["code"] == "hall_not_found"


async def test_halls_are_listed_by_region_and_by_the_item_they_serve(
    client: TestClient, hall: ServiceHall
) -> None:
    department = await Department.create(code="DEPT-B", name="部门 B", region="别的县")
    other = await ServiceHall.create(
        code="HALL-2", name="别的县中心", region="别的县", address="x", department=department
    )
    await other.items.add(await make_item("ITEM-3", department))

    async def names(**params: str) -> list[str]:
        response = await client.get("/api/halls", params=params)
        assert response.status == 200, await response.text()
        return [h["name"] for h in (await response.json())["halls"]]

    assert await names() == ["县政务服务中心", "别的县中心"]
    assert await names(region="别的县") == ["别的县中心"]
    assert await names(item_code="ITEM-1") == ["县政务服务中心"]
    assert await names(item_code="ITEM-3") == ["别的县中心"]
    assert await names(item_code="NO-SUCH") == []
    assert (await client.get("/api/halls", params={"limit": "0"})).status == 422


async def test_get_item_names_the_halls_that_serve_it(
    client: TestClient, hall: ServiceHall
) -> None:
    response = await client.get("/api/items/ITEM-1")
    assert response.status == 200, await response.text()
    assert (await response.json())["halls"] == [{"id": hall.id, "name": "县政务服务中心"}]
