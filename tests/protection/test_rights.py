"""A citizen sees what is held about them and asks for a correction; staff handle it, audited."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from tests.protection.conftest import PHONE, raw_rows


async def test_citizen_sees_their_data_and_a_correction_is_handled_and_audited(
    client: TestClient, login_citizen, apply, make_staff
) -> None:
    citizen = await login_citizen("openid-a")
    await apply(citizen)
    held = await client.get("/api/me/personal-data", headers=citizen)
    assert held.status == 200, await held.text()
    body = await held.json()
    assert body["records"]["cases"] == 1 and PHONE not in str(body)

    asked = await client.post(
        "/api/me/personal-data/corrections",
        json={"field": "case_applicant", "proposed": "张三峰", "reason": "名字写错了"},
        headers=citizen,
    )
    assert asked.status == 201, await asked.text()
    request_id = (await asked.json())["id"]
    assert "张三峰" not in str(await raw_rows("SELECT * FROM correction_request"))

    audit = await make_staff("aud-r", ["audit_admin"])
    url = f"/api/admin/corrections/{request_id}/decision"
    decision = {"corrected": True, "answer": "已更正"}
    assert (await client.post(url, json=decision, headers=audit)).status == 403
    admin = await make_staff("sys-r", ["admin"])
    listed = await client.get("/api/admin/corrections?state=open", headers=admin)
    assert [item["proposed"] for item in (await listed.json())["items"]] == ["张三峰"]
    done = await client.post(url, json=decision, headers=admin)
    assert done.status == 200 and (await done.json())["state"] == "corrected"
    again = await client.post(url, json=decision, headers=admin)
    assert again.status == 409 and (await again.json())["code"] == "correction_handled"
    actions = set(await AuditRecord.all().values_list("action", flat=True))
    assert {"correction.requested", "correction.handled"} <= actions
