"""The booking operations are in the API document with their operationIds; SQLite waits for
a lock held by another process instead of failing."""

from aiohttp.test_utils import TestClient

from core.db import tortoise_config
from core.settings import DatabaseSettings

BOOKING_OPERATIONS = {
    "listSlots",
    "createBooking",
    "listMyBookings",
    "cancelBooking",
    "rescheduleBooking",
    "checkIn",
    "takeWalkInNumber",
    "manageSlots",
}


async def test_document_lists_the_booking_operations(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    found = {
        op["operationId"]: op for methods in document["paths"].values() for op in methods.values()
    }
    assert set(found) >= BOOKING_OPERATIONS
    assert found["checkIn"]["x-roles"] == ["clerk"]
    assert "409" in found["createBooking"]["responses"]


def test_sqlite_connections_wait_for_a_busy_database() -> None:
    url = tortoise_config(DatabaseSettings(url="sqlite://data/x.sqlite3"))["connections"]
    assert url["default"] == "sqlite://data/x.sqlite3?busy_timeout=5000"
    postgres = "postgres://u@h:5432/db"
    pooled = tortoise_config(DatabaseSettings(url=postgres, pool_max_size=7))["connections"]
    assert pooled["default"] == postgres + "?maxsize=7"
    explicit = postgres + "?maxsize=3"
    assert tortoise_config(DatabaseSettings(url=explicit))["connections"]["default"] == explicit
