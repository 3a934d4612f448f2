"""The supervisor's (电子监察) part of a working day in the console, as reusable browser steps.

Each step takes a Playwright page (signed in, except `sign_in`), the server's base URL and plain
values, finds things by their visible labels and roles, checks what the user would see, and
keeps a screenshot in artifacts/supervisor-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import STAFF_PASSWORD

ARTIFACTS = Path("artifacts")

Page = Any  # playwright.async_api.Page: imported lazily by the tests that have Playwright


async def _shot(page: Page, name: str, artifacts: Path) -> None:
    # Playwright makes the folder if it is missing.
    await page.screenshot(path=str(artifacts / f"supervisor-{name}.png"), full_page=True)


async def sign_in(page: Page, base_url: str, username: str, password: str = STAFF_PASSWORD) -> None:
    await page.goto(base_url + "/console/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/console/queue")


async def urge_red_card(
    page: Page,
    base_url: str,
    matter_title: str,
    message: str,
    respond_by_date: str = "",
    respond_by_time: str = "",
    artifacts: Path = ARTIFACTS,
) -> None:
    """On the card board, open the red card's 督办 form, write the notice and send it."""
    await page.goto(base_url + "/console/cards")
    row = (
        page.get_by_role("row").filter(has_text=matter_title).filter(has=page.locator(".card-red"))
    )
    await row.get_by_text("督办", exact=True).click()  # the disclosure's summary
    await row.get_by_label("督办内容").fill(message)
    if respond_by_date:
        await row.get_by_label("回复期限日期（年-月-日，可不填）").fill(respond_by_date)
    if respond_by_time:
        await row.get_by_label("回复期限时间（时:分，不填为 17:30）").fill(respond_by_time)
    await _shot(page, "urge-form", artifacts)
    await row.get_by_role("button", name="发出督办通知").click()
    await page.wait_for_url("**/console/cards?done=urged")
    await page.get_by_role("status").filter(has_text="已发出督办通知").wait_for()
    await _shot(page, "urged", artifacts)


async def acknowledge_card(
    page: Page, base_url: str, matter_title: str, artifacts: Path = ARTIFACTS
) -> None:
    """Acknowledge the newest unacknowledged card of the matter (its row names the matter)."""
    await page.goto(base_url + "/console/cards")
    row = page.get_by_role("row").filter(has_text=matter_title)
    await row.get_by_role("button", name="确认知悉").first.click()
    await page.wait_for_url("**/console/cards?done=acknowledged")
    await page.get_by_role("status").filter(has_text="已确认知悉").wait_for()
    await _shot(page, "acknowledged", artifacts)


async def decide_extension(
    page: Page,
    base_url: str,
    ticket_title: str,
    approve: bool,
    reason: str = "",
    artifacts: Path = ARTIFACTS,
) -> None:
    """On the decisions page, approve or refuse a ticket's extension request (诉求延期)."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="待决事项").click()
    await page.wait_for_url("**/console/decisions")
    request = page.get_by_role("region", name=f"诉求延期：{ticket_title}")
    await request.get_by_label("同意" if approve else "不同意", exact=True).check()
    if reason:
        await request.get_by_label("理由（不同意时必填）").fill(reason)
    await _shot(page, "decision-form", artifacts)
    await request.get_by_role("button", name="提交决定").click()
    await page.wait_for_url("**/console/decisions?done=*")
    expected = "已同意" if approve else "已不同意"
    await page.get_by_role("status").filter(has_text=expected).wait_for()
    await _shot(page, "decided", artifacts)


async def read_weekly_report(page: Page, base_url: str, artifacts: Path = ARTIFACTS) -> None:
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="每周通报").click()
    await page.get_by_role("img", name="各部门办件受理量", exact=False).wait_for()
    await _shot(page, "report", artifacts)


async def read_audit_of(
    page: Page, base_url: str, kind_label: str, object_id: str, artifacts: Path = ARTIFACTS
) -> str:
    """Filter the audit log to one object; returns the summary line (共 n 条，第 1 / 1 页。)."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="审计日志").click()
    await page.get_by_label("对象类型").select_option(label=kind_label)
    await page.get_by_label("对象编号").fill(object_id)
    await page.get_by_role("button", name="筛选").click()
    await page.wait_for_url("**/console/audit?*")
    summary = (await page.locator("#audit-summary").inner_text()).strip()
    await _shot(page, "audit", artifacts)
    return summary
