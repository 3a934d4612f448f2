"""The case page lists the case's materials with signed download links and where each came
from, so the handler corrects and approves with them in view; the correction form still works."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.cases import Case, CaseStatus
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department
from tests.console.conftest import csrf_of
from tests.console.handler_setup import sign_in_as
from tests.files.conftest import MATERIALS, pdf

ConsoleLogin = Callable[..., Awaitable[str]]
Login = Callable[[str], Awaitable[dict[str, Any]]]
LINK = re.compile(r'<a href="(/api/files/download/[^"]+)" download>下载 ([^<]+)</a>')


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, str]:
    return {
        "MINIAPP_FILES_DIRECTORY": str(tmp_path / "store"),
        "MINIAPP_FILES_LINK_KEY": "console-test-link-key",
        "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
    }


async def _upload(
    client: TestClient, url: str, params: dict[str, str], headers: dict[str, Any], data: bytes
) -> int:
    form = aiohttp.FormData()
    form.add_field("file", data, filename="申请书.pdf", content_type="application/pdf")
    uploaded = await client.post(url, params=params, data=form, headers=headers)
    assert uploaded.status == 201, await uploaded.text()
    return int((await uploaded.json())["id"])


async def _case_with_a_file(client: TestClient, login_citizen: Login) -> tuple[int, bytes]:
    department = await Department.get(code="DEPT-A")
    await ServiceItem.create(
        code="ITEM-F", name="食品经营许可", item_type=ItemType.LICENSING, department=department,
        online_depth=OnlineDepth.FULLY_ONLINE, legal_limit_days=20, promised_limit_days=5,
        materials=MATERIALS, status=ItemStatus.PUBLISHED,
    )  # fmt: skip
    citizen = await login_citizen("o-console")
    content = pdf()
    params = {"item_code": "ITEM-F", "material": "申请书"}
    upload_id = await _upload(client, "/api/files/uploads", params, citizen, content)
    body = {
        "item_code": "ITEM-F",
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "materials": [{"name": "申请书", "upload_id": upload_id}],
    }
    applied = await client.post("/api/cases", json=body, headers=citizen)
    assert applied.status == 201, await applied.text()
    return (await applied.json())["case"]["id"], content


async def test_materials_with_signed_links_then_correct_and_approve(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    case_id, content = await _case_with_a_file(client, login_citizen)
    await make_staff("other-dept", ["handler"], "DEPT-B")
    await console_login("banli")
    html = await (await client.get(f"/console/cases/{case_id}")).text()
    found = LINK.findall(html)
    assert [name for _, name in found] == ["申请书.pdf"] and "申请人上传" in html
    url = found[0][0]
    # The link carries its own proof: it downloads without the session, and is audited.
    client.session.cookie_jar.clear()
    download = await client.get(url)
    assert download.status == 200 and await download.read() == content
    assert await AuditRecord.exists(action="file.download", object_type="material")
    tampered = await client.get(url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb"))
    assert tampered.status == 403

    await console_login("other-dept")
    assert (await client.get(f"/console/cases/{case_id}")).status == 404

    await sign_in_as(client, console_login, "banli")
    path = f"/console/cases/{case_id}/actions"
    token = csrf_of(await (await client.get(f"/console/cases/{case_id}")).text())
    corrected = await client.post(
        path, data={"csrf": token, "action": "request_correction", "missing_materials": "申请书"}
    )
    page = await corrected.text()
    assert "待补正材料：申请书" in page and LINK.search(page)
    assert (await Case.get(id=case_id)).status == CaseStatus.CORRECTION_NEEDED

    # The applicant hands in a new file; the page shows it beside the replaced one.
    citizen = await login_citizen("o-console")
    second = pdf(2)
    url = f"/api/files/cases/{case_id}/uploads"
    upload_id = await _upload(client, url, {"material": "申请书"}, citizen, second)
    answer = await client.post(
        f"/api/cases/{case_id}/correction",
        json={"materials": [{"name": "申请书", "upload_id": upload_id}]},
        headers=citizen,
    )
    assert answer.status == 200, await answer.text()
    page = await (await client.get(f"/console/cases/{case_id}")).text()
    assert "（已被补正替换）" in page and len(LINK.findall(page)) == 2
    for action in ("accept", "start_review", "approve"):
        response = await client.post(path, data={"csrf": token, "action": action})
        assert response.status == 200, action
    page = await response.text()
    assert "准予" in page and (await Case.get(id=case_id)).status == CaseStatus.APPROVED
