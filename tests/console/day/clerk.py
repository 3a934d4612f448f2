"""The window clerk's part of a working day, as browser steps (Playwright, async API).

Each step starts from a URL, finds things by their label or role text as a person would, and
saves a screenshot to artifacts/clerk-*.png. The caller provides a signed-out or signed-in page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import STAFF_PASSWORD

Page = Any  # playwright.async_api.Page (imported lazily: Playwright is optional)


async def sign_in(page: Page, base_url: str, username: str, password: str = STAFF_PASSWORD) -> None:
    await page.goto(base_url + "/console/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/console/queue")


async def check_in_booking(page: Page, base_url: str, booking_code: str, artifacts: Path) -> str:
    """Open the hall page from the nav, check the booking in; returns its queue number."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="大厅预约与取号").click()
    await page.wait_for_url("**/console/hall**")
    await page.screenshot(path=str(artifacts / "clerk-hall.png"), full_page=True)
    await page.get_by_role("button", name=f"签到取号 {booking_code}").click()
    await page.wait_for_load_state()
    notice = (await page.locator("#hall-notice").inner_text()).strip()
    assert notice.startswith(f"预约 {booking_code} 已签到"), notice
    await page.screenshot(path=str(artifacts / "clerk-checked-in.png"), full_page=True)
    return notice.rsplit(" ", 1)[-1]


async def take_walk_in_number(page: Page, base_url: str, artifacts: Path) -> str:
    """A walk-in number (取号) without choosing an item; returns it (e.g. "B001")."""
    await page.goto(base_url + "/console/hall")
    await page.get_by_role("button", name="现场取号").click()
    await page.wait_for_load_state()
    notice = (await page.locator("#hall-notice").inner_text()).strip()
    assert notice.startswith("现场取号成功："), notice
    await page.screenshot(path=str(artifacts / "clerk-walk-in-number.png"), full_page=True)
    return notice.split("：", 1)[1]


async def register_walk_in(
    page: Page,
    base_url: str,
    item_name: str,
    applicant: dict[str, str],
    upload: tuple[str, Path],
    artifacts: Path,
    paper: tuple[str, ...] = (),
) -> dict[str, str]:
    """Register a walk-in for an item with one file (material name, path) and materials seen
    on paper; lands on the receipt. Returns its case number, lookup secret and URL."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="现场收件登记").click()
    await page.wait_for_url("**/console/hall/walk-in**")
    await page.get_by_label("办理事项").select_option(label=item_name)
    await page.get_by_role("button", name="选择事项").click()
    await page.wait_for_load_state()
    await page.get_by_label("姓名（必填）").fill(applicant["name"])
    await page.get_by_label("联系电话（必填）").fill(applicant["phone"])
    if applicant.get("id_number"):
        await page.get_by_label("身份证号码（18 位，可不填）").fill(applicant["id_number"])
    material, path = upload
    await page.get_by_label(f"{material}：上传电子件").set_input_files(str(path))
    for name in paper:
        await page.get_by_label(f"{name}：已收纸质件").check()
    await page.screenshot(path=str(artifacts / "clerk-walk-in-form.png"), full_page=True)
    # The files are checked (and scanned) before the case is registered: give it time.
    async with page.expect_navigation(url="**/console/cases/*/receipt", timeout=90_000):
        await page.get_by_role("button", name="登记并打印回执").click()
    await page.locator("#receipt-secret").wait_for()
    await page.screenshot(path=str(artifacts / "clerk-receipt-first.png"), full_page=True)
    return {
        "case_no": (await page.locator("#receipt-case-no").inner_text()).strip(),
        "secret": (await page.locator("#receipt-secret").inner_text()).strip(),
        "url": page.url,
    }


async def open_receipt(page: Page, base_url: str, case_id: int, artifacts: Path) -> str:
    """The receipt as printed (print media: no header, no buttons); returns its text."""
    await page.goto(f"{base_url}/console/cases/{case_id}/receipt")
    await page.get_by_role("heading", name="受理回执（收件凭证）").wait_for()
    await page.screenshot(path=str(artifacts / "clerk-receipt.png"), full_page=True)
    await page.emulate_media(media="print")
    try:
        assert not await page.locator("header").is_visible()
        await page.screenshot(path=str(artifacts / "clerk-receipt-print.png"), full_page=True)
        return await page.locator("article.receipt").inner_text()
    finally:
        await page.emulate_media(media="screen")
