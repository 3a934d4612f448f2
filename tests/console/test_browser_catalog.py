"""The catalog's day in real Chromium: a handler submits a change of a published guide, the
reviewer returns it with a reason, the handler submits again, the reviewer approves (publishes)
and the preview shows what the mini-app's getItem now answers. Screenshots: artifacts/catalog-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.catalog import ServiceHall, ServiceItem
from models.people import Department
from tests.console.browser import ARGS, CHROMIUM, needs_chromium
from tests.console.day.callback import sign_in
from tests.console.day.catalog import (
    approve_change,
    preview_guide,
    return_change,
    submit_guide_change,
)

pytestmark = needs_chromium

CHANGED = {
    "承诺办结时限": "3",
    "受理条件": "已领取营业执照的市场主体",
    "申请材料": "申请书｜电子件｜1｜\n股东会决议｜原件｜1｜《公司法》第六十六条",
    "办理流程": "网上申请｜提交变更信息\n审查｜三个工作日内\n发证｜邮寄送达",
}


async def test_a_guide_change_is_returned_then_approved_and_previewed(
    client: TestClient, submitted_case: dict[str, Any], artifacts: Path
) -> None:
    hall = await ServiceHall.create(
        code="HALL-A", name="城关区政务服务中心", region="城关区", address="人民路 1 号",
        department=await Department.get(code="DEPT-A"),
    )  # fmt: skip
    await hall.items.add(await ServiceItem.get(code="ITEM-A"))
    playwright_api = pytest.importorskip("playwright.async_api")
    base = str(client.make_url("")).rstrip("/")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            options = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}
            handler = await (await browser.new_context(**options)).new_page()
            reviewer = await (await browser.new_context(**options)).new_page()
            await sign_in(handler, base, "banli")
            await sign_in(reviewer, base, "jiancha")
            first = await submit_guide_change(handler, base, "营业执照变更登记", CHANGED, artifacts)
            await return_change(reviewer, base, first, "请写明股东会决议的依据条款", artifacts)
            second = await submit_guide_change(
                handler, base, "营业执照变更登记", CHANGED, artifacts
            )
            await approve_change(reviewer, base, second, artifacts)
            text = await preview_guide(reviewer, base, second, artifacts)
        finally:
            await browser.close()
    published = await (await client.get("/api/items/ITEM-A")).json()
    assert published["version"] == 2 and published["promised_limit_days"] == 3
    assert f"{published['promised_limit_days']} 个工作日" in text
    assert f"{published['legal_limit_days']} 个工作日" in text
    for material in published["materials"]:
        assert material["name"] in text
    for step in published["process"]:
        assert step["step"] in text
    for hall_ref in published["halls"]:
        assert hall_ref["name"] in text
    assert published["conditions"] in text and published["fees"] in text
