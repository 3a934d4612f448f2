"""What the handler's console tests start from, made through the real API: tickets from a
citizen, a screened ticket with the department, a delivered case with a bad review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.people import Department
from models.reviews import Rectification
from tests.conftest import STAFF_PASSWORD

Login = Callable[[str], Awaitable[dict[str, Any]]]


async def staff_headers(client: TestClient, username: str) -> dict[str, str]:
    response = await client.post(
        "/api/auth/staff-login", json={"username": username, "password": STAFF_PASSWORD}
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}


async def open_ticket(
    client: TestClient, login_citizen: Login, title: str = "办事大厅排队太久", openid: str = "o-t"
) -> int:
    body = {
        "column": "complaint",
        "title": title,
        "content": "周一上午排队两个小时仍未办理",
        "contact_name": "李四光",
        "contact_phone": "13900001234",
        "contact_preference": "phone",
    }
    response = await client.post("/api/tickets", json=body, headers=await login_citizen(openid))
    assert response.status == 201, await response.text()
    return int((await response.json())["id"])


async def screened_ticket(
    client: TestClient, login_citizen: Login, department_code: str = "DEPT-A", **kw: Any
) -> int:
    """A complaint the intake office (jiancha) accepted and assigned to the department."""
    ticket_id = await open_ticket(client, login_citizen, **kw)
    department = await Department.get(code=department_code)
    response = await client.post(
        f"/api/tickets/{ticket_id}/screening",
        json={"accept": True, "department_id": department.id},
        headers=await staff_headers(client, "jiancha"),
    )
    assert response.status == 200, await response.text()
    return ticket_id


async def bad_review(
    client: TestClient,
    case: dict[str, Any],
    citizen: dict[str, Any],
    steps: tuple[str, ...] = ("accept", "start_review", "approve", "deliver"),
) -> int:
    """Deliver the case (banli, the steps still to take) and review it very dissatisfied:
    the rectification's id."""
    handler = await staff_headers(client, "banli")
    for action in steps:
        response = await client.post(
            f"/api/staff/cases/{case['id']}/transitions", json={"action": action}, headers=handler
        )
        assert response.status == 200, await response.text()
    body = {"subject_type": "case", "subject_id": case["id"], "grade": "very_dissatisfied",
            "text": "窗口人员态度冷淡"}  # fmt: skip
    response = await client.post("/api/reviews", json=body, headers=citizen)
    assert response.status == 201, await response.text()
    return (await Rectification.get(review_id=(await response.json())["id"])).id


async def sign_in_as(
    client: TestClient, console_login: Callable[[str], Awaitable[str]], username: str
) -> str:
    """Another staff member at the same browser: the old session's cookie goes first (a signed-in
    visitor of the login form is sent to the queue)."""
    client.session.cookie_jar.clear()
    return await console_login(username)
