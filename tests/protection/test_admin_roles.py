"""三员分立: the system, security and audit administrators each do their own work only; no
account holds two of the three; what they do is audited and the audit admin sees it."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from models.people import StaffAccount

SCHEDULE = {"holidays": [{"day": "2027-01-01", "name": "元旦"}], "workdays": []}


async def test_each_administrator_is_refused_the_others_work(
    client: TestClient, make_staff
) -> None:
    system = await make_staff("sys-1", ["admin"])
    security = await make_staff("sec-1", ["security_admin"])
    audit = await make_staff("aud-1", ["audit_admin"])
    await make_staff("clerk-1", ["clerk"])
    clerk = await StaffAccount.get(username="clerk-1")
    roles_url = f"/api/admin/staff/{clerk.id}/roles"

    # The system admin: settings (the calendar) and accounts, not roles, not the audit trail.
    assert (
        await client.put("/api/admin/calendar/2027", json=SCHEDULE, headers=system)
    ).status == 200
    assert (await client.put(roles_url, json={"roles": ["handler"]}, headers=system)).status == 403
    assert (await client.get("/api/admin/audit", headers=system)).status == 403

    # The security admin: roles and permissions only.
    changed = await client.put(roles_url, json={"roles": ["handler"]}, headers=security)
    assert changed.status == 200, await changed.text()
    assert (await StaffAccount.get(id=clerk.id)).roles == ["handler"]
    assert (
        await client.put("/api/admin/calendar/2027", json=SCHEDULE, headers=security)
    ).status == 403
    assert (await client.get("/api/admin/audit", headers=security)).status == 403
    sign_in = {"wecom_userid": None, "password_login_allowed": False}
    signin_url = f"/api/admin/staff/{clerk.id}/sign-in"
    assert (await client.put(signin_url, json=sign_in, headers=security)).status == 403

    # The audit admin: reads the audit trail, nothing else.
    assert (await client.put(roles_url, json={"roles": ["clerk"]}, headers=audit)).status == 403
    assert (
        await client.put("/api/admin/calendar/2027", json=SCHEDULE, headers=audit)
    ).status == 403
    assert (await client.get("/api/admin/outbox", headers=audit)).status == 403
    page = await client.get("/api/admin/audit?action=staff.roles_changed", headers=audit)
    assert page.status == 200, await page.text()
    entry = (await page.json())["items"][0]
    security_id = (await StaffAccount.get(username="sec-1")).id
    assert entry["actor_id"] == security_id and entry["after"] == {"roles": ["handler"]}
    chain = await client.get("/api/admin/audit/chain", headers=audit)
    assert chain.status == 200 and (await chain.json())["intact"] is True
    # The audit admin's own reading is in the trail too.
    reads = await client.get("/api/admin/audit?action=audit.read", headers=audit)
    assert (await reads.json())["total"] >= 1


async def test_no_account_holds_two_administrator_roles(client: TestClient, make_staff) -> None:
    security = await make_staff("sec-2", ["security_admin"])
    await make_staff("clerk-2", ["clerk"])
    clerk = await StaffAccount.get(username="clerk-2")
    for roles in (
        ["admin", "audit_admin"],
        ["security_admin", "admin"],
        ["audit_admin", "security_admin"],
    ):
        response = await client.put(
            f"/api/admin/staff/{clerk.id}/roles", json={"roles": roles}, headers=security
        )
        assert response.status == 422
        assert (await response.json())["code"] == "admin_roles_separated"
    assert (await StaffAccount.get(id=clerk.id)).roles == ["clerk"]
    me = (await StaffAccount.get(username="sec-2")).id
    own = await client.put(
        f"/api/admin/staff/{me}/roles", json={"roles": ["admin"]}, headers=security
    )
    assert own.status == 409 and (await own.json())["code"] == "own_roles"
