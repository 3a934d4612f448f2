"""Guessing a staff password: the guessing address is slowed down, the owner is not locked out,
and the admins hear of it once per burst."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.outbox import OutboxMessage
from models.people import Department, StaffAccount
from tests.conftest import STAFF_PASSWORD

FORWARDED = {"MINIAPP_SERVER_TRUSTED_PROXIES": "127.0.0.1"}


async def _login(client: TestClient, address: str, password: str, username: str = "clerk-1") -> Any:
    return await client.post(
        "/api/auth/staff-login",
        json={"username": username, "password": password},
        headers={"X-Forwarded-For": address},
    )


@pytest.mark.parametrize("settings_overrides", [FORWARDED])
async def test_guessing_from_many_addresses_slows_them_but_the_owner_still_signs_in(
    client: TestClient, make_staff: Any
) -> None:
    await make_staff("clerk-1", ["clerk"])
    office = await Department.get(code="DEPT-A")
    admin = await StaffAccount.create(
        username="admin-1", name="管理员", department=office, roles=["admin"], password_hash="-"
    )
    attackers = [f"203.0.113.{n}" for n in range(1, 5)]
    for address in attackers:
        statuses = [(await _login(client, address, f"guess-{n}")).status for n in range(6)]
        # Five tries, then this address waits; the right password does not help it now.
        assert statuses == [401] * 5 + [429], address
        refused = await _login(client, address, STAFF_PASSWORD)
        assert refused.status == 429
        assert (await refused.json())["code"] == "login_throttled"
        assert int(refused.headers["Retry-After"]) > 0

    # 20 wrong passwords on the account, yet the owner signs in from their own address.
    owner = await _login(client, "198.51.100.7", STAFF_PASSWORD)
    assert owner.status == 200, await owner.text()

    alerts = await OutboxMessage.filter(template="staff_login_failures")
    assert [(a.recipient_id, a.data["username"]) for a in alerts] == [(admin.id, "clerk-1")]
    assert await AuditRecord.filter(action="staff.login_failures_alerted").count() == 1


@pytest.mark.parametrize("settings_overrides", [FORWARDED])
async def test_guessing_unknown_names_alerts_nobody(client: TestClient) -> None:
    for n in range(12):
        await _login(client, f"203.0.113.{n}", "guess", username="nobody-here")
    assert not await OutboxMessage.filter(template="staff_login_failures").exists()
