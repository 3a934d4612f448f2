"""The console: a county with one department, a handler, a clerk, a supervisor and a case."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from pypdf import PdfWriter

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department
from models.tickets import CallbackVisit
from tests.conftest import STAFF_PASSWORD
from tests.console.axe import ARTIFACTS

# The window clerk's hall, bookings and clock (tests/console/clerk_fixtures.py).
from tests.console.clerk_fixtures import clerk_clock, clerk_day, clerk_settings  # noqa: F401

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def blank_pdf() -> bytes:
    """A one-page PDF that passes the upload checks (an application form, say)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def application_pdf(tmp_path: Path) -> Path:
    """The same PDF as a file, for a browser's file input."""
    path = tmp_path / "申请书.pdf"
    path.write_bytes(blank_pdf())
    return path


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html
    return found.group(1)


@pytest.fixture
async def submitted_case(
    client: TestClient,
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> dict[str, Any]:
    """A citizen's application to DEPT-A, and staff accounts banli/chuangkou/jiancha."""
    for username, roles in (
        ("banli", ["handler"]),
        ("chuangkou", ["clerk"]),
        ("jiancha", ["supervisor"]),
        ("huifang", ["callback_visitor"]),
    ):
        await make_staff(username, roles, "DEPT-A")
    department = await Department.get(code="DEPT-A")
    await Department.filter(id=department.id).update(name="市场监督管理局", region="城关区")
    await ServiceItem.create(
        code="ITEM-A",
        name="营业执照变更登记",
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=[{"name": "申请书", "format": "电子件", "copies": 1}],
        status=ItemStatus.PUBLISHED,
    )
    body = {
        "item_code": "ITEM-A",
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "form": {"reason": "地址变更"},
        "materials": [{"name": "申请书", "ref": "upload/1"}],
    }
    headers = await login_citizen("o-console")
    response = await client.post("/api/cases", json=body, headers=headers)
    assert response.status == 201, await response.text()
    return (await response.json())["case"]


@pytest.fixture
def console_login(client: TestClient) -> Callable[[str], Awaitable[str]]:
    """Sign in through the login form; returns the queue page's HTML."""

    async def login(username: str, password: str = STAFF_PASSWORD) -> str:
        form = await client.get("/console/login")
        assert form.status == 200
        response = await client.post(
            "/console/login",
            data={"csrf": csrf_of(await form.text()), "username": username, "password": password},
        )
        return await response.text()

    return login


@pytest.fixture
async def callback_visit(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> int:
    """A complaint with a phone number, closed by DEPT-A: its callback visit is due."""
    citizen = await login_citizen("o-caller")
    body = {
        "column": "complaint",
        "title": "窗口态度差",
        "content": "办事窗口工作人员态度恶劣",
        "contact_name": "张三",
        "contact_phone": "13812345678",
        "contact_preference": "phone",
    }
    ticket = await (await client.post("/api/tickets", json=body, headers=citizen)).json()
    supervisor = await make_staff("sup-t", ["supervisor"], "DEPT-A")
    handler = await make_staff("handler-t", ["handler"], "DEPT-A")
    base = f"/api/tickets/{ticket['id']}"
    department = await Department.get(code="DEPT-A")
    screened = await client.post(
        f"{base}/screening",
        json={"accept": True, "department_id": department.id},
        headers=supervisor,
    )
    assert screened.status == 200, await screened.text()
    closed = await client.post(
        f"{base}/closure", json={"closure": "resolved", "summary": "已处理"}, headers=handler
    )
    assert closed.status == 200, await closed.text()
    return (await CallbackVisit.get(ticket_id=ticket["id"])).id


@pytest.fixture
def artifacts() -> Path:
    """Where the browser tests keep screenshots for CI (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
