"""The callback worklist page: the phone masked, revealed by a POST form (CSRF), audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from tests.console.conftest import csrf_of

Login = Callable[..., Awaitable[str]]


async def test_the_visitor_clicks_to_reveal_the_phone_and_the_reveal_is_audited(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: Login,
    callback_visit: int,
) -> None:
    visit_id = callback_visit
    await console_login("huifang")
    page = await client.get("/console/callbacks")
    html = await page.text()
    assert "138****5678" in html and "13812345678" not in html
    action = f"/console/callbacks/{visit_id}/contact-reveal"
    assert f'action="{action}"' in html
    forged = await client.post(action, data={"csrf": "forged"})
    assert forged.status == 403
    assert not await AuditRecord.filter(action="callback.contact_revealed").exists()
    revealed = await client.post(action, data={"csrf": csrf_of(html)})
    assert revealed.status == 200
    assert "13812345678" in await revealed.text()
    assert await AuditRecord.filter(action="callback.contact_revealed").count() == 1
    # Opening the worklist again shows it masked again.
    assert "13812345678" not in await (await client.get("/console/callbacks")).text()
