"""The catalog console: items and changes in reach, a guide's change submitted for review, the
review (return with reason / approve, which publishes) and the preview that shows what getItem
will answer — each through the API's workflows, audited, per object."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.audit import AuditRecord
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceHall, ServiceItem
from models.catalog_review import ChangeState, ItemChange
from models.people import Department
from tests.console.conftest import csrf_of
from tests.console.regions import move_to_other_county

Login = Callable[..., Awaitable[str]]
MakeStaff = Callable[..., Awaitable[dict[str, Any]]]


def guide_form(csrf: str, **changes: str) -> dict[str, str]:
    """ITEM-A's guide as the edit form posts it, with the given fields changed."""
    form = {
        "csrf": csrf,
        "name": "营业执照变更登记",
        "item_type": "行政许可",
        "legal_basis": "",
        "online_depth": "全程网办",
        "offline_reason": "",
        "min_assurance": "L0",
        "legal_limit_days": "20",
        "promised_limit_days": "5",
        "fees": "不收费",
        "fee_yuan": "0",
        "certificate_name": "",
        "certificate_valid_days": "",
        "conditions": "",
        "materials": "申请书｜电子件｜1｜",
        "process": "",
        "notes": "",
        "faq": "",
        "themes": "",
    }
    return form | changes


NEW_GUIDE = {
    "promised_limit_days": "3",
    "conditions": "已领取营业执照的市场主体",
    "materials": "申请书｜电子件｜1｜\n股东会决议｜原件｜1｜《公司法》第六十六条",
    "process": "申请｜网上提交\n审查｜三个工作日内\n发证｜邮寄送达",
    "fees": "工本费",
    "fee_yuan": "12.5",
}


@pytest.fixture
async def hall(submitted_case: dict[str, Any]) -> ServiceHall:
    department = await Department.get(code="DEPT-A")
    hall = await ServiceHall.create(
        code="HALL-A", name="城关区政务服务中心", region="城关区", address="人民路 1 号",
        department=department,
    )  # fmt: skip
    await hall.items.add(await ServiceItem.get(code="ITEM-A"))
    return hall


async def _propose(client: TestClient, console_login: Login, **changes: str) -> int:
    html = await console_login("banli")
    form = await client.get("/console/catalog/items/ITEM-A/draft")
    assert form.status == 200
    response = await client.post(
        "/console/catalog/items/ITEM-A/draft",
        data=guide_form(csrf_of(await form.text()), **changes),
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    change = await ItemChange.get(state=ChangeState.PENDING)
    assert response.headers["Location"] == f"/console/catalog/drafts/{change.id}"
    assert csrf_of(html)
    client.session.cookie_jar.clear()
    return change.id


async def test_the_catalog_lists_items_for_editors_and_reviewers_only(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    html = await (await client.get("/console/catalog")).text()
    assert "营业执照变更登记" in html and "修改指南" in html and "事项目录" in html
    client.session.cookie_jar.clear()
    await console_login("jiancha")
    html = await (await client.get("/console/catalog")).text()
    assert "营业执照变更登记" in html and "修改指南" not in html
    for who in ("chuangkou", "huifang"):
        client.session.cookie_jar.clear()
        page = await console_login(who)
        assert "事项目录" not in page  # no nav link either
        assert (await client.get("/console/catalog")).status == 403, who


async def test_a_handler_submits_a_change_the_published_guide_stays(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    change_id = await _propose(client, console_login, **NEW_GUIDE)
    change = await ItemChange.get(id=change_id)
    assert change.proposed["promised_limit_days"] == 3
    assert change.proposed["fee_cents"] == 1250
    assert [m["name"] for m in change.proposed["materials"]] == ["申请书", "股东会决议"]
    assert change.proposed["process"][1] == {"step": "审查", "description": "三个工作日内"}
    item = await ServiceItem.get(code="ITEM-A")
    assert item.promised_limit_days == 5 and item.version == 1  # citizens still see this
    audit = await AuditRecord.get(action="item.change_proposed", object_id=str(item.id))
    assert audit.after["change_id"] == change_id
    await console_login("banli")
    page = await (await client.get(f"/console/catalog/drafts/{change_id}")).text()
    assert "待审核" in page and "股东会决议" in page and "提交审核结论" not in page
    # Only what really changes is listed (defaults and stored forms do not count).
    assert "工本费" in page and "办理所需身份等级" not in page and "事项名称" not in page


async def test_bad_guides_and_missing_csrf_change_nothing(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await console_login("banli")
    csrf = csrf_of(await (await client.get("/console/catalog/items/ITEM-A/draft")).text())
    bad = [
        ({"promised_limit_days": "30"}, "the promised limit cannot exceed the legal limit"),
        ({"fee_yuan": "abc"}, "the fee is an amount in yuan"),
        ({"fee_yuan": "1e999999"}, "the fee is an amount in yuan"),
        ({"legal_limit_days": "二十"}, "legal_limit_days"),
        (
            {"materials": "申请书｜原件｜1\n申请书｜复印件｜2"},
            "each material needs a distinct name",
        ),
        ({"online_depth": "窗口办理"}, "say why this item cannot be done online"),
        ({"name": "  "}, "name"),
    ]
    for changes, message in bad:
        response = await client.post(
            "/console/catalog/items/ITEM-A/draft", data=guide_form(csrf, **changes)
        )
        html = await response.text()
        assert response.status == 422, changes
        assert message in html, (changes, html[-2000:])
        # The form again, with what was typed kept.
        assert 'action="/console/catalog/items/ITEM-A/draft"' in html
    no_csrf = guide_form("", **NEW_GUIDE)
    del no_csrf["csrf"]
    assert (await client.post("/console/catalog/items/ITEM-A/draft", data=no_csrf)).status == 403
    assert not await ItemChange.exists()
    assert not await AuditRecord.filter(action="item.change_proposed").exists()
    assert (await client.get("/console/catalog/items/NOPE/draft")).status == 404
    assert (await client.get("/console/catalog/items/a%20b/draft")).status == 404


async def test_a_reviewer_returns_with_a_reason_then_approves_and_it_is_published(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login, hall: ServiceHall
) -> None:
    first = await _propose(client, console_login, **NEW_GUIDE)
    html = await console_login("jiancha")
    page = await (await client.get(f"/console/catalog/drafts/{first}")).text()
    assert "提交审核结论" in page and "股东会决议" in page
    decision = f"/console/catalog/drafts/{first}/decision"
    csrf = csrf_of(html)
    no_reason = await client.post(decision, data={"csrf": csrf, "decision": "return"})
    assert no_reason.status == 422 and "a rejection gives its reason" in await no_reason.text()
    assert (await client.post(decision, data={"csrf": csrf})).status == 422
    yes = await client.post(decision, data={"csrf": csrf, "decision": "yes"})
    assert yes.status == 422 and "choose approve or return" in await yes.text()
    assert (await client.post(decision, data={"decision": "approve"})).status == 403
    assert (await ItemChange.get(id=first)).state == ChangeState.PENDING
    returned = await client.post(
        decision, data={"csrf": csrf, "decision": "return", "reason": "依据条款写错"}
    )
    assert returned.status == 200 and "依据条款写错" in await returned.text()
    assert (await ItemChange.get(id=first)).state == ChangeState.REJECTED
    assert await AuditRecord.filter(action="item.change_rejected", note="依据条款写错").exists()
    client.session.cookie_jar.clear()

    second = await _propose(client, console_login, **NEW_GUIDE)
    await console_login("jiancha")
    approved = await client.post(
        f"/console/catalog/drafts/{second}/decision",
        data={"csrf": csrf_of(html), "decision": "approve"},
    )
    assert approved.status == 403  # the form of a signed-out session does not count
    html = await (await client.get(f"/console/catalog/drafts/{second}")).text()
    approved = await client.post(
        f"/console/catalog/drafts/{second}/decision",
        data={"csrf": csrf_of(html), "decision": "approve"},
    )
    assert approved.status == 200 and "已通过并发布" in await approved.text()
    item = await ServiceItem.get(code="ITEM-A")
    assert item.version == 2 and item.promised_limit_days == 3 and item.fee_cents == 1250
    assert await AuditRecord.filter(action="item.change_approved", object_id=str(item.id)).exists()
    # What the mini-app now gets is what the preview showed.
    published = await (await client.get("/api/items/ITEM-A")).json()
    assert published["promised_limit_days"] == 3
    preview = await (await client.get(f"/console/catalog/drafts/{second}/preview")).text()
    assert f"{published['promised_limit_days']} 个工作日" in preview
    assert f"{published['legal_limit_days']} 个工作日" in preview
    for material in published["materials"]:
        assert material["name"] in preview
    for step in published["process"]:
        assert step["step"] in preview and step["description"] in preview
    assert [h["name"] for h in published["halls"]] == ["城关区政务服务中心"]
    assert "城关区政务服务中心" in preview and "12.50 元" in preview
    assert published["conditions"] in preview


async def test_the_preview_shows_the_proposal_before_it_is_published(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login, hall: ServiceHall
) -> None:
    change_id = await _propose(client, console_login, **NEW_GUIDE)
    await console_login("jiancha")
    preview = await client.get(f"/console/catalog/drafts/{change_id}/preview")
    html = await preview.text()
    assert preview.status == 200
    assert "承诺办结时限" in html and "3 个工作日" in html and "股东会决议" in html
    assert "城关区政务服务中心" in html and "审查" in html
    # getItem still answers the published guide meanwhile.
    assert (await (await client.get("/api/items/ITEM-A")).json())["promised_limit_days"] == 5
    assert (await client.get("/console/catalog/drafts/999999/preview")).status == 404


async def test_nobody_reviews_their_own_change_and_handlers_do_not_review(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login, make_staff: MakeStaff
) -> None:
    change_id = await _propose(client, console_login, **NEW_GUIDE)
    html = await console_login("banli")
    decision = f"/console/catalog/drafts/{change_id}/decision"
    refused = await client.post(decision, data={"csrf": csrf_of(html), "decision": "approve"})
    assert refused.status == 403
    client.session.cookie_jar.clear()
    await make_staff("guanli", ["admin"], "DEPT-A")
    html = await console_login("guanli")
    csrf = csrf_of(await (await client.get("/console/catalog/items/ITEM-A/draft")).text())
    response = await client.post(
        "/console/catalog/items/ITEM-A/draft", data=guide_form(csrf, notes="请预约")
    )
    assert response.status == 200
    own = await ItemChange.get(state=ChangeState.PENDING)
    page = await (await client.get(f"/console/catalog/drafts/{own.id}")).text()
    assert "提交审核结论" not in page and "由其他审核人员审核" in page
    refused = await client.post(
        f"/console/catalog/drafts/{own.id}/decision", data={"csrf": csrf, "decision": "approve"}
    )
    assert refused.status == 403
    assert (await ItemChange.get(id=own.id)).state == ChangeState.PENDING
    assert (await ItemChange.get(id=change_id)).state == ChangeState.SUPERSEDED
    assert (await ServiceItem.get(code="ITEM-A")).version == 1


async def test_another_department_or_region_finds_nothing(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login, make_staff: MakeStaff
) -> None:
    change_id = await _propose(client, console_login, **NEW_GUIDE)
    await make_staff("banli-b", ["handler"], "DEPT-B")
    await make_staff("jiancha-bs", ["supervisor"], "DEPT-B")
    await move_to_other_county("jiancha-bs")
    for who in ("banli-b", "jiancha-bs"):
        html = await console_login(who)
        listing = await (await client.get("/console/catalog")).text()
        assert "营业执照变更登记" not in listing, who
        for path in (
            f"/console/catalog/drafts/{change_id}",
            f"/console/catalog/drafts/{change_id}/preview",
            "/console/catalog/items/ITEM-A/draft",
        ):
            assert (await client.get(path)).status == 404, (who, path)
        csrf = csrf_of(html)
        decided = await client.post(
            f"/console/catalog/drafts/{change_id}/decision",
            data={"csrf": csrf, "decision": "approve"},
        )
        assert decided.status in (403, 404), who
        posted = await client.post("/console/catalog/items/ITEM-A/draft", data=guide_form(csrf))
        assert posted.status in (403, 404), who
        client.session.cookie_jar.clear()
    assert (await ItemChange.get(id=change_id)).state == ChangeState.PENDING
    assert await ItemChange.all().count() == 1


async def test_a_reviewer_publishes_a_draft_item(
    client: TestClient, submitted_case: dict[str, Any], console_login: Login
) -> None:
    await ServiceItem.create(
        code="ITEM-NEW", name="食品经营许可", item_type=ItemType.LICENSING,
        department=await Department.get(code="DEPT-A"), online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20, promised_limit_days=10, status=ItemStatus.DRAFT,
    )  # fmt: skip
    html = await console_login("banli")
    action = "/console/catalog/items/ITEM-NEW/publication"
    assert action not in await (await client.get("/console/catalog")).text()
    assert (await client.post(action, data={"csrf": csrf_of(html)})).status == 403
    client.session.cookie_jar.clear()
    html = await console_login("jiancha")
    assert action in await (await client.get("/console/catalog")).text()
    assert (await client.post(action, data={})).status == 403
    assert (await ServiceItem.get(code="ITEM-NEW")).status == ItemStatus.DRAFT
    response = await client.post(action, data={"csrf": csrf_of(html)})
    assert response.status == 200
    assert (await ServiceItem.get(code="ITEM-NEW")).status == ItemStatus.PUBLISHED
    assert await AuditRecord.filter(action="item.published").exists()
    assert (await client.get("/api/items/ITEM-NEW")).status == 200
    again = await client.post(action, data={"csrf": csrf_of(html)})
    assert again.status == 409


async def test_the_api_status_change_is_scoped_like_the_console(
    client: TestClient, submitted_case: dict[str, Any], make_staff: MakeStaff
) -> None:
    other = await make_staff("jiancha-bs", ["supervisor"], "DEPT-B")
    await move_to_other_county("jiancha-bs")
    body = {"status": "suspended", "note": "系统升级"}
    response = await client.post("/api/staff/items/ITEM-A/status", json=body, headers=other)
    assert response.status == 404
    assert (await ServiceItem.get(code="ITEM-A")).status == ItemStatus.PUBLISHED
    assert not await AuditRecord.filter(action="item.suspended").exists()
