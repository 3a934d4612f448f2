"""Helpers for the review-channel and review-office tests: a clerk at the hall window, walk-in
cases taken through the real API, a hall with a device, signed device requests."""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

from core.appkeys import SESSIONS
from models.catalog import ServiceHall
from models.people import Department, StaffAccount
from tests.reviews.conftest import APPLICANT_NAME, APPLICANT_PHONE, County
from workflows.reviews.devices import signature

DEVICE_PATH = "/api/devices/reviews"


async def staff(app: web.Application, username: str, role: str, code: str = "DEPT-X") -> dict:
    department = await Department.get(code=code)
    account = await StaffAccount.create(
        username=username, name=username, department=department, roles=[role], password_hash="-"
    )
    token, _ = await app[SESSIONS].issue("staff", account.id)
    return {"Authorization": f"Bearer {token}"}


async def walk_in(county: County, clerk: dict, *, sms_consent: bool = False) -> dict[str, Any]:
    body = {
        "item_code": "ITEM-X",
        "applicant_name": APPLICANT_NAME,
        "applicant_phone": APPLICANT_PHONE,
        "sms_consent": sms_consent,
    }
    return (await county.call("POST", "/api/staff/cases", clerk, body, 201))["case"]


async def close_case(county: County, case_id: int) -> None:
    for action in ("accept", "start_review", "approve", "deliver"):
        await county.call(
            "POST", f"/api/staff/cases/{case_id}/transitions", county.handler_x,
            {"action": action},
        )  # fmt: skip


async def hall(county: County) -> ServiceHall:
    return await ServiceHall.create(
        code="HALL-1", name="县政务服务中心", region="测试县", address="人民路1号",
        department_id=county.dept_x,
    )  # fmt: skip


async def signed_post(
    county: County, device: dict[str, Any], body: dict[str, Any], *,
    secret: str | None = None, at: float | None = None, status: int = 201,
) -> Any:  # fmt: skip
    raw = json.dumps(body).encode()
    stamp = str(int(at if at is not None else time.time()))
    sig = signature(secret or device["secret"], "POST", DEVICE_PATH, stamp, raw)
    headers = {
        "X-Device-Id": device["device_id"],
        "X-Timestamp": stamp,
        "X-Signature": sig,
        "Content-Type": "application/json",
    }
    response = await county.client.post(DEVICE_PATH, data=raw, headers=headers)
    assert response.status == status, await response.text()
    return await response.json()
