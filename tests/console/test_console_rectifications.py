"""The rectification page: contact (phone masked, revealed on request and audited), classify,
complete, request the review be judged invalid; CSRF, bad input and other departments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.reviews import Classification, Rectification, RectificationState
from tests.console.conftest import csrf_of
from tests.console.handler_setup import Login, bad_review, sign_in_as

ConsoleLogin = Callable[..., Awaitable[str]]


async def _rectification(client: TestClient, case: dict[str, Any], login_citizen: Login) -> int:
    # submitted_case was applied for by the citizen signed in as "o-console".
    return await bad_review(client, case, await login_citizen("o-console"))


async def test_handler_contacts_reveals_classifies_and_completes(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    rect_id = await _rectification(client, submitted_case, login_citizen)
    await console_login("banli")
    base = f"/console/rectifications/{rect_id}"
    html = await (await client.get(base)).text()
    assert "待联系核实" in html and "138****5678" in html and "13812345678" not in html
    assert "确认定性" not in html  # contact comes first
    token = csrf_of(html)
    assert (await client.post(f"{base}/contact-reveal", data={})).status == 403
    revealed = await client.post(f"{base}/contact-reveal", data={"csrf": token})
    assert "13812345678" in await revealed.text()
    audit = await AuditRecord.get(action="rectification.contact_revealed", object_id=str(rect_id))
    assert audit.after["phone"] == "138****5678"

    contact = await client.post(
        f"{base}/contact", data={"csrf": token, "method": "phone", "reached": "yes",
                                 "note": "已电话致歉"},
    )  # fmt: skip
    assert "确认定性" in await contact.text()
    classify = await client.post(f"{base}/classify", data={"csrf": token, "classification": "x"})
    assert classify.status == 422
    classify = await client.post(
        f"{base}/classify", data={"csrf": token, "classification": "simple"}
    )
    assert "整改中" in await classify.text()
    empty = await client.post(f"{base}/complete", data={"csrf": token, "summary": ""})
    assert empty.status == 422
    assert (await Rectification.get(id=rect_id)).state == RectificationState.RECTIFYING
    done = await client.post(f"{base}/complete", data={"csrf": token, "summary": "已培训窗口人员"})
    assert done.status == 200
    rect = await Rectification.get(id=rect_id)
    assert rect.state == RectificationState.AWAITING_CALLBACK
    assert rect.rectification_summary == "已培训窗口人员"
    for action in ("contacted", "classified", "rectified"):
        assert await AuditRecord.exists(action=f"rectification.{action}", object_id=str(rect_id))


async def test_handler_asks_for_the_review_to_be_judged_invalid(
    client: TestClient,
    submitted_case: dict[str, Any],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    rect_id = await _rectification(client, submitted_case, login_citizen)
    await console_login("banli")
    base = f"/console/rectifications/{rect_id}"
    token = csrf_of(await (await client.get(base)).text())
    early = await client.post(
        f"{base}/invalid", data={"csrf": token, "classification": "malicious", "reason": "x"}
    )
    assert early.status == 409  # not contacted yet
    await client.post(f"{base}/contact", data={"csrf": token, "method": "phone"})
    response = await client.post(
        f"{base}/invalid",
        data={
            "csrf": token,
            "classification": "malicious",
            "reason": "评价人承认系误操作以外的恶意",
        },
    )
    assert "已申请无效差评，待复核" in await response.text()
    rect = await Rectification.get(id=rect_id)
    assert rect.state == RectificationState.INVALID_REQUESTED
    assert rect.classification == Classification.MALICIOUS
    assert await AuditRecord.exists(action="rectification.invalid_requested")


async def test_other_departments_and_roles_cannot_act(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    rect_id = await _rectification(client, submitted_case, login_citizen)
    await make_staff("other-dept", ["handler"], "DEPT-B")
    await console_login("other-dept")
    base = f"/console/rectifications/{rect_id}"
    assert (await client.get(base)).status == 404
    await sign_in_as(
        client, console_login, "chuangkou"
    )  # a clerk of the department: sees it, may not act
    page = await client.get(base)
    html = await page.text()
    assert page.status == 200, html
    assert "没有可办理的操作" in html and "138****5678" not in html
    response = await client.post(f"{base}/contact", data={"csrf": csrf_of(html), "method": "phone"})
    assert response.status == 403
    assert (await Rectification.get(id=rect_id)).contacted_at is None
