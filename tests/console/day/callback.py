"""The callback visitor's part of a working day, as browser steps (Playwright, by label/role).

Each step leaves a screenshot in `artifacts` (artifacts/callback-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import STAFF_PASSWORD

MASKED_PHONE = "138****5678"


async def sign_in(page: Any, base_url: str, username: str, password: str = STAFF_PASSWORD) -> None:
    await page.goto(base_url + "/console/login")
    await page.get_by_label("用户名").fill(username)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/console/queue")


async def open_worklist(page: Any, base_url: str, artifacts: Path) -> None:
    """The worklist from the navigation: due visits, each phone masked."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="回访工作单").click()
    await page.wait_for_url("**/console/callbacks")
    await page.screenshot(path=str(artifacts / "callback-worklist.png"), full_page=True)


async def record_callback_with_reveal(
    page: Any,
    base_url: str,
    visit_id: int,
    title: str,
    artifacts: Path,
    *,
    whole_phone: str,
    outcome: str = "满意",
    note: str = "群众表示问题已解决",
) -> None:
    """Open the visit from the worklist, reveal the phone (audited), call, record the outcome."""
    await open_worklist(page, base_url, artifacts)
    await page.get_by_role("link", name=title).click()
    await page.wait_for_url(f"**/console/callbacks/{visit_id}")
    phone = page.locator(f"#phone-{visit_id}")
    assert (await phone.inner_text()).strip() == MASKED_PHONE
    await page.get_by_role("heading", name="办理过程").wait_for()
    await page.screenshot(path=str(artifacts / "callback-visit.png"), full_page=True)

    await page.get_by_role("button", name="显示联系方式").click()
    await page.wait_for_load_state()
    assert (await page.locator(f"#phone-{visit_id}").inner_text()).strip() == whole_phone
    await page.screenshot(path=str(artifacts / "callback-reveal.png"), full_page=True)

    await page.get_by_label("回访方式").select_option(label="电话")
    await page.get_by_label(outcome, exact=True).check()
    await page.get_by_label("回访记录").fill(note)
    await page.get_by_role("button", name="保存回访结果").click()
    await page.wait_for_url(f"**/console/callbacks/{visit_id}")
    state = (await page.locator("#callback-state").inner_text()).strip()
    assert state.startswith("已回访"), state
    assert await page.get_by_text(note).count() == 1
    # Shown masked again once recorded: the whole number was for that one call.
    assert whole_phone not in await page.content()
    await page.screenshot(path=str(artifacts / "callback-recorded.png"), full_page=True)
