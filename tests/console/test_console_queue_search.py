"""The handler's queue (cases, tickets, rectifications in one; kind filter; due-time sort;
working days left) and the search across the department's matters, scoped and masked."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp.test_utils import TestClient

from models.supervision import Deadline
from tests.console.handler_setup import Login, bad_review, screened_ticket, sign_in_as

ConsoleLogin = Callable[..., Awaitable[str]]
LINK = re.compile(r'href="/console/(cases|tickets|rectifications)/(\d+)"')


def _links(html: str) -> list[tuple[str, int]]:
    return [(kind, int(number)) for kind, number in LINK.findall(html)]


async def test_one_queue_across_kinds_filtered_and_sorted(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    await make_staff("other-dept", ["handler"], "DEPT-B")
    ticket_id = await screened_ticket(client, login_citizen)
    rect_id = await bad_review(client, submitted_case, await login_citizen("o-console"))
    other_ticket = await screened_ticket(client, login_citizen, "DEPT-B", openid="o-b")
    html = await console_login("banli")
    links = _links(html)
    assert ("tickets", ticket_id) in links and ("rectifications", rect_id) in links
    assert ("tickets", other_ticket) not in links  # another department's
    assert "剩余工作日" in html and ("今日到期" in html or re.search(r'class="num">\d+<', html))

    only_tickets = await (await client.get("/console/queue?kind=ticket")).text()
    assert _links(only_tickets) == [("tickets", ticket_id)]
    assert 'aria-current="page">诉求' in only_tickets

    # Earliest due first by default; ?sort=-due turns it round (links keep the filter).
    dues = {
        (d.subject_type, d.subject_id): d.due_at
        for d in await Deadline.filter(department__code="DEPT-A")
    }
    order = _links(html)  # the case was delivered for its review: a ticket, a rectification
    assert order == sorted(order, key=lambda k: dues[(k[0].removesuffix("s"), k[1])])
    latest = _links(await (await client.get("/console/queue?sort=-due")).text())
    assert latest == order[::-1]
    assert 'href="/console/queue?kind=ticket&amp;sort=-due"' in (
        await (await client.get("/console/queue?sort=-due")).text()
    )
    junk = await client.get("/console/queue?kind=%00&sort=DROP")
    assert junk.status == 200 and _links(await junk.text()) == links

    await sign_in_as(client, console_login, "other-dept")
    assert _links(await (await client.get("/console/queue")).text()) == [("tickets", other_ticket)]


async def test_search_by_number_name_fragment_and_last_four_digits(
    client: TestClient,
    submitted_case: dict[str, Any],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    console_login: ConsoleLogin,
    login_citizen: Login,
) -> None:
    await make_staff("other-dept", ["handler"], "DEPT-B")
    ticket_id = await screened_ticket(client, login_citizen)
    other_ticket = await screened_ticket(client, login_citizen, "DEPT-B", openid="o-b")
    await console_login("banli")

    async def search(text: str) -> str:
        response = await client.get("/console/search", params={"q": text})
        assert response.status == 200, await response.text()
        return await response.text()

    by_number = await search(submitted_case["case_no"])
    assert ("cases", submitted_case["id"]) in _links(by_number)
    by_name = await search("三丰")  # applicant 张三丰
    assert _links(by_name) == [("cases", submitted_case["id"])]
    assert "张**" in by_name and "张三丰" not in by_name and "138****5678" in by_name
    by_last4 = await search("1234")  # the tickets' contact 13900001234
    assert _links(by_last4) == [("tickets", ticket_id)]  # not DEPT-B's
    assert "13900001234" not in by_last4 and "139****1234" in by_last4
    by_whole = await search("13900001234")
    assert _links(by_whole) == [("tickets", ticket_id)]
    assert _links(await search(str(ticket_id))) == [("tickets", ticket_id)]
    assert ("tickets", other_ticket) not in _links(await search(str(other_ticket)))
    assert "没有找到" in await search("王五")
    for bad in ("x" * 65, "张\x00三"):
        refused = await client.get("/console/search", params={"q": bad})
        assert refused.status == 422 and "填写有误" in await refused.text()
    assert _links(await search("138-1234-5678")) == [("cases", submitted_case["id"])]
    assert "事项查询" in await (await client.get("/console/search")).text()

    await sign_in_as(client, console_login, "jiancha")  # the supervisor: the whole region
    both = _links(await search("1234"))
    assert ("tickets", ticket_id) in both and ("tickets", other_ticket) in both
    await sign_in_as(client, console_login, "huifang")  # a callback visitor: not theirs
    assert (await client.get("/console/search", params={"q": "1234"})).status == 403
