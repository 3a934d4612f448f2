"""The catalog's part of a working day, as browser steps: a handler changes a published guide
and submits it for review, a reviewer returns or approves it (which publishes it), and the
guide is previewed as the citizen sees it. Screenshots go to artifacts/catalog-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


async def submit_guide_change(
    page: Any,
    base_url: str,
    item_name: str,
    fields: dict[str, str],
    artifacts: Path,
) -> int:
    """As an editor: open the item's guide from the catalog, change fields (by their labels),
    submit for review; returns the change's id."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="事项目录").click()
    await page.wait_for_url("**/console/catalog")
    await page.screenshot(path=str(artifacts / "catalog-list.png"), full_page=True)
    # The link reads 修改指南, its accessible name adds the item's (visually hidden) name.
    edit = re.compile(rf"^修改指南\s*：{re.escape(item_name)}$")
    await page.get_by_role("link", name=edit).click()
    await page.wait_for_url("**/console/catalog/items/*/draft")
    for label, value in fields.items():
        await page.get_by_label(label).fill(value)
    await page.screenshot(path=str(artifacts / "catalog-edit.png"), full_page=True)
    await page.get_by_role("button", name="提交审核").click()
    await page.wait_for_url("**/console/catalog/drafts/*")
    assert (await page.locator("#change-state").inner_text()).strip() == "待审核"
    await page.screenshot(path=str(artifacts / "catalog-submitted.png"), full_page=True)
    return int(page.url.rstrip("/").rsplit("/", 1)[-1])


async def _decide(page: Any, base_url: str, change_id: int, choice: str, reason: str) -> str:
    await page.goto(f"{base_url}/console/catalog/drafts/{change_id}")
    await page.get_by_label(choice).check()
    if reason:
        await page.get_by_label("审核意见").fill(reason)
    await page.get_by_role("button", name="提交审核结论").click()
    await page.wait_for_url(f"**/console/catalog/drafts/{change_id}")
    return str((await page.locator("#change-state").inner_text()).strip())


async def return_change(
    page: Any, base_url: str, change_id: int, reason: str, artifacts: Path
) -> None:
    """As a reviewer: return the change with the reason."""
    assert await _decide(page, base_url, change_id, "退回修改", reason) == "已退回"
    assert (await page.locator("#change-reason").inner_text()).strip() == reason
    await page.screenshot(path=str(artifacts / "catalog-returned.png"), full_page=True)


async def approve_change(page: Any, base_url: str, change_id: int, artifacts: Path) -> None:
    """As a reviewer: approve the change, which publishes it as the item's next version."""
    assert await _decide(page, base_url, change_id, "通过并发布", "") == "已通过并发布"
    await page.screenshot(path=str(artifacts / "catalog-approved.png"), full_page=True)


async def preview_guide(page: Any, base_url: str, change_id: int, artifacts: Path) -> str:
    """The guide as the citizen sees it, from the change's page; returns its text."""
    await page.goto(f"{base_url}/console/catalog/drafts/{change_id}")
    await page.get_by_role("link", name="预览群众看到的办事指南").click()
    await page.wait_for_url(f"**/console/catalog/drafts/{change_id}/preview")
    await page.get_by_role("heading", name="申请材料").wait_for()
    await page.screenshot(path=str(artifacts / "catalog-preview.png"), full_page=True)
    return str(await page.locator("article").inner_text())
