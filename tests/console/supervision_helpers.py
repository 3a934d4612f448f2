"""Shared by the supervisor's console tests: signing a session into the console, a red card."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR, SETTINGS
from models.audit import AuditRecord
from models.supervision import CardColour, Deadline, SupervisionCard
from tests.conftest import STAFF_PASSWORD
from tests.console.conftest import csrf_of
from workflows.supervision.cards import issue_cards


def use_console_as(client: TestClient, headers: dict[str, Any]) -> None:
    """The console cookie is the API's staff session: sign the browser in with that token."""
    client.session.cookie_jar.clear()
    token = headers["Authorization"].removeprefix("Bearer ")
    client.session.cookie_jar.update_cookies({"console_session": token})


async def staff_headers(client: TestClient, username: str) -> dict[str, Any]:
    response = await client.post(
        "/api/auth/staff-login", json={"username": username, "password": STAFF_PASSWORD}
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}


async def form_token(client: TestClient, path: str) -> str:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return csrf_of(await response.text())


async def red_card_for(
    client: TestClient, case_id: int, handler: dict[str, Any]
) -> SupervisionCard:
    """Accept the case (its clock starts) and run the supervision scan a month past its due."""
    accepted = await client.post(
        f"/api/staff/cases/{case_id}/transitions", json={"action": "accept"}, headers=handler
    )
    assert accepted.status == 200, await accepted.text()
    deadline = await Deadline.get(subject_type="case", subject_id=case_id)
    assert deadline.due_at is not None
    app = client.app
    assert app is not None
    calendar = await app[CALENDAR].current()
    await issue_cards(deadline.due_at + timedelta(days=30), calendar, app[SETTINGS].supervision)
    return await SupervisionCard.get(deadline_id=deadline.id, colour=CardColour.RED)


async def audit_rows(action: str) -> list[AuditRecord]:
    return list(await AuditRecord.filter(action=action).order_by("id"))
