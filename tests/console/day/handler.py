"""The handler's part of a working day, as browser steps (Playwright, async API): the queue,
a case accepted, sent for correction and approved with its materials in view; a ticket screened
(by the intake office), returned, and another replied to; a bad review's rectification.

Each step starts from a URL, finds things by their label or role text as a person would, and
saves a screenshot to artifacts/handler-*.png. The caller provides a signed-in page.
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


async def _status(page: Page, element_id: str) -> str:
    return str(await page.locator(f"#{element_id}").inner_text()).strip()


async def open_queue(page: Page, base_url: str, artifacts: Path, kind_label: str = "") -> None:
    """The queue, optionally filtered by a kind's link (办件, 诉求, 差评整改), latest due first."""
    await page.goto(base_url + "/console/queue")
    if kind_label:
        await (
            page.get_by_role("navigation", name="按类别筛选")
            .get_by_role("link", name=kind_label, exact=True)
            .click()
        )
        await page.wait_for_url("**/console/queue?kind=*")
    shot = "handler-queue-filtered" if kind_label else "handler-queue"
    await page.screenshot(path=str(artifacts / f"{shot}.png"), full_page=True)
    await page.get_by_role("link", name="到期时间（最早在前", exact=False).click()
    await page.wait_for_url("**sort=-due*")
    await page.screenshot(path=str(artifacts / f"{shot}-latest-first.png"), full_page=True)


async def _case_action(page: Page, action_label: str, **fields: str) -> None:
    await page.get_by_label(action_label, exact=True).check()
    for label, value in fields.items():
        await page.get_by_label(label).fill(value)
    await page.get_by_role("button", name="提交", exact=True).click()
    await page.wait_for_load_state()


async def accept_case(page: Page, base_url: str, case_id: int, artifacts: Path) -> None:
    await page.goto(f"{base_url}/console/cases/{case_id}")
    await page.get_by_role("heading", name="申请材料").wait_for()
    await page.screenshot(path=str(artifacts / "handler-case.png"), full_page=True)
    await _case_action(page, "受理", 备注="材料齐全，予以受理")
    assert await _status(page, "case-status") == "已受理"


async def send_correction(
    page: Page, base_url: str, case_id: int, material: str, artifacts: Path
) -> None:
    """一次性告知补正 for one material, from the case page."""
    await page.goto(f"{base_url}/console/cases/{case_id}")
    await _case_action(page, "一次性告知补正", **{"需补正材料（补正时填写，每行一项）": material})
    assert await _status(page, "case-status") == "待补正"
    assert await page.get_by_text(f"待补正材料：{material}").count() == 1
    await page.screenshot(path=str(artifacts / "handler-case-correction.png"), full_page=True)


async def approve_case(page: Page, base_url: str, case_id: int, artifacts: Path) -> None:
    """After the applicant's correction: accept again if needed, review, approve."""
    await page.goto(f"{base_url}/console/cases/{case_id}")
    if await page.get_by_label("受理", exact=True).count():
        await _case_action(page, "受理")
    await _case_action(page, "开始审查")
    await _case_action(page, "准予", 备注="符合条件，准予许可")
    assert await _status(page, "case-status") == "准予办理"
    await page.screenshot(path=str(artifacts / "handler-case-approved.png"), full_page=True)


async def screen_ticket(
    page: Page, base_url: str, ticket_id: int, department: str, artifacts: Path
) -> None:
    """甄别: the intake office accepts the ticket and assigns it to the department at once."""
    await page.goto(f"{base_url}/console/tickets/{ticket_id}")
    assert await _status(page, "ticket-status") == "待甄别"
    await page.get_by_label("受理", exact=True).check()
    await page.get_by_label("紧急程度（受理时）").select_option(label="普通")
    await page.get_by_label("交办部门（受理时，可稍后交办）").select_option(label=department)
    await page.get_by_label("甄别说明").fill("属于政务服务事项，予以受理")
    await page.screenshot(path=str(artifacts / "handler-ticket-screening.png"), full_page=True)
    await page.get_by_role("button", name="提交甄别").click()
    await page.wait_for_load_state()
    assert await _status(page, "ticket-status") == "已交办，待签收"


async def return_ticket(
    page: Page, base_url: str, ticket_id: int, reason: str, artifacts: Path
) -> None:
    """退回 a ticket that is not the department's: the queue then says it went back."""
    await page.goto(f"{base_url}/console/tickets/{ticket_id}")
    await page.get_by_label("退回理由（不属于本部门职责的说明）").fill(reason)
    await page.get_by_role("button", name="退回", exact=True).click()
    await page.wait_for_url("**/console/queue?returned=*")
    assert (await _status(page, "returned-notice")).startswith(f"诉求 {ticket_id} 已退回")
    await page.screenshot(path=str(artifacts / "handler-ticket-returned.png"), full_page=True)


async def reply_ticket(
    page: Page, base_url: str, ticket_id: int, text: str, artifacts: Path
) -> None:
    """答复 the citizen; replying also signs the ticket in for the department (办理中)."""
    await page.goto(f"{base_url}/console/tickets/{ticket_id}")
    await page.get_by_label("答复内容").fill(text)
    await page.get_by_role("button", name="答复", exact=True).click()
    await page.wait_for_load_state()
    assert await _status(page, "ticket-status") == "办理中"
    assert await page.get_by_role("cell", name=text).count() == 1
    await page.screenshot(path=str(artifacts / "handler-ticket-replied.png"), full_page=True)


async def rectify_bad_review(
    page: Page, base_url: str, rect_id: int, summary: str, artifacts: Path
) -> str:
    """Reveal the reviewer's phone (audited), record the call, classify simple, complete.
    Returns the phone number as revealed."""
    await page.goto(f"{base_url}/console/rectifications/{rect_id}")
    await page.get_by_role("button", name="显示完整号码").click()
    await page.wait_for_load_state()
    phone = await _status(page, "reviewer-phone")
    await page.get_by_label("联系方式").select_option(label="电话")
    await page.get_by_label("已联系上").check()
    await page.get_by_label("联系记录").fill("已电话致歉并核实情况")
    await page.get_by_role("button", name="保存联系记录").click()
    await page.wait_for_load_state()
    await page.get_by_label("情况清楚、诉求合理（立行立改）").check()
    await page.get_by_role("button", name="确认定性").click()
    await page.wait_for_load_state()
    assert await _status(page, "rect-status") == "整改中"
    await page.get_by_label("整改情况").fill(summary)
    await page.get_by_role("button", name="确认整改完成").click()
    await page.wait_for_load_state()
    assert await _status(page, "rect-status") == "已整改，待回访"
    await page.screenshot(path=str(artifacts / "handler-rectified.png"), full_page=True)
    return phone


async def search_matters(page: Page, base_url: str, text: str, artifacts: Path) -> int:
    """事项查询 from the nav; returns how many matters were found."""
    await page.goto(base_url + "/console/queue")
    await page.get_by_role("link", name="事项查询").click()
    await page.wait_for_url("**/console/search")
    await page.get_by_label("办件编号、诉求编号", exact=False).fill(text)
    await page.get_by_role("button", name="查询").click()
    await page.wait_for_url("**/console/search?q=*")
    await page.screenshot(path=str(artifacts / "handler-search.png"), full_page=True)
    count = await _status(page, "search-count")
    return int(count.removeprefix("找到 ").split(" ", 1)[0])
