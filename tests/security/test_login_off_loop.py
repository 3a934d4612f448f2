"""Password checks (argon2, slow on purpose) run off the event loop: a burst of wrong staff
passwords does not hold up anyone else's requests."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient

LOGINS = 12


async def test_a_burst_of_wrong_passwords_does_not_hold_up_other_requests(
    client: TestClient,
) -> None:
    order: list[str] = []

    async def wrong_login(n: int) -> int:
        # Unknown names cost a full check too (against a dummy hash), so none is cheaper.
        body = {"username": f"ghost-{n}", "password": f"wrong-{n}"}
        response = await client.post("/api/auth/staff-login", json=body)
        order.append("login")
        return response.status

    logins = [asyncio.create_task(wrong_login(n)) for n in range(LOGINS)]
    # Once the server is busy checking passwords (one answer is out), a cheap request arrives.
    await asyncio.wait(logins, return_when=asyncio.FIRST_COMPLETED)
    health = await client.get("/healthz")
    order.append("health")
    statuses = await asyncio.gather(*logins)

    assert health.status == 200
    assert statuses == [401] * LOGINS
    # It is answered while most of the burst is still being checked, not after it.
    assert order.index("health") < LOGINS // 2, order
