"""Floods and stolen sessions: per-user write limits, and logging out on every device."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

Login = Callable[[str], Awaitable[dict[str, Any]]]
TICKET = {"column": "consult", "title": "营业执照怎么办", "content": "请问需要哪些材料"}


LIMIT_3 = {"MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "3"}


# With sessions kept per process each change after the first is counted on its own; without,
# every one is counted in the round trip that reads the session (kv.get_and_hit_subject).
@pytest.mark.parametrize(
    "settings_overrides", [LIMIT_3, {**LIMIT_3, "MINIAPP_AUTH_SESSION_KEEP_SECONDS": "0"}]
)
async def test_a_user_making_too_many_changes_is_told_when_to_retry(
    client: TestClient, login_citizen: Login
) -> None:
    flooder, neighbour = await login_citizen("o-flood"), await login_citizen("o-calm")
    statuses = [
        (await client.post("/api/tickets", json=TICKET, headers=flooder)).status for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    refused = await client.post("/api/tickets", json=TICKET, headers=flooder)
    assert (await refused.json())["code"] == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # Only the flooder's changes are held back: reading, and other people, go on.
    assert (await client.get("/api/tickets/mine", headers=flooder)).status == 200
    assert (await client.post("/api/tickets", json=TICKET, headers=neighbour)).status == 201
    mine = await (await client.get("/api/tickets/mine", headers=flooder)).json()
    assert len(mine["items"]) == 3


async def test_every_logged_in_change_documents_its_rate_limit(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    writes = [
        operation
        for methods in document["paths"].values()
        for method, operation in methods.items()
        if method in {"post", "put", "patch", "delete"} and "security" in operation
    ]
    assert writes
    assert [op["operationId"] for op in writes if "429" not in op["responses"]] == []


async def test_logout_everywhere_revokes_every_session_of_the_caller_only(
    client: TestClient, login_citizen: Login
) -> None:
    phone, tablet = await login_citizen("o-lost-phone"), await login_citizen("o-lost-phone")
    someone_else = await login_citizen("o-other")
    response = await client.post("/api/auth/logout-everywhere", headers=tablet)
    assert response.status == 200
    assert (await response.json())["revoked"] == 2
    for headers in (phone, tablet):
        me = await client.get("/api/me", headers=headers)
        assert me.status == 401
        assert (await me.json())["code"] == "session_expired"
    assert (await client.get("/api/me", headers=someone_else)).status == 200
    # Logging in again works as before.
    assert (await client.get("/api/me", headers=await login_citizen("o-lost-phone"))).status == 200


async def test_staff_can_log_out_everywhere_too(client: TestClient, make_staff: Any) -> None:
    headers = await make_staff("clerk-1", ["clerk"])
    response = await client.post("/api/auth/logout-everywhere", headers=headers)
    assert (await response.json())["revoked"] == 1
    assert (await client.get("/api/me", headers=headers)).status == 401
