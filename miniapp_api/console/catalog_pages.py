"""The catalog (事项目录) for its editors and reviewers: the items and proposed changes in reach,
one change with what it changes, and its review — decideItemChange's workflow, which publishes
an approved change as the item's next version."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from pydantic import ValidationError

from core.appkeys import CATALOG_VERSION
from core.errors import ValidationFailed
from miniapp_api.catalog.review_schemas import ChangeDecisionIn
from miniapp_api.catalog.schemas import ItemGuide
from miniapp_api.console.catalog_labels import FIELD_LABELS, LABELS
from miniapp_api.console.params import item_code, row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.parsing import parse_model
from models.catalog import ItemStatus
from models.catalog_review import ChangeState
from models.people import StaffAccount, StaffRole
from workflows import clock
from workflows.catalog.drafts import REVIEWER_ROLES, decide_change, list_changes
from workflows.catalog.items import change_item_status, snapshot
from workflows.catalog.staff_reading import change_for, items_in_reach

routes = web.RouteTableDef()
LIST_LIMIT = 100
EDITORS = (StaffRole.HANDLER, StaffRole.ADMIN)
VERDICTS = {"approve": True, "return": False}  # the form's radio values as decideItemChange's


@routes.get("/catalog", name="console-catalog")
async def catalog(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    items = await items_in_reach(principal, LIST_LIMIT, 0)
    changes = await list_changes(principal, None, LIST_LIMIT, 0)
    return page(
        request,
        "catalog.html",
        {
            "items": items,
            "changes": changes,
            "may_edit": principal.has_role(*EDITORS),
            "may_publish": principal.has_role(*REVIEWER_ROLES),
            "pending_by_item": {c.item.id: c.id for c in changes if c.state == ChangeState.PENDING},
            **LABELS,
        },
    )


def as_guide(snapshot_of_item: dict[str, Any]) -> dict[str, Any]:
    """The published guide in the shape a proposal has (ItemGuide's defaults filled in), so
    only real differences show."""
    level = snapshot_of_item.get("min_assurance", 0)
    data = {**snapshot_of_item, "min_assurance": f"L{int(level)}"}
    try:
        guide = ItemGuide.model_validate(data).model_dump(mode="json")
    except ValidationError:  # a row older than today's rules: compare it as stored
        return data
    return {**guide, "department_id": snapshot_of_item.get("department_id")}


def changed_fields(current: dict[str, Any], proposed: dict[str, Any]) -> list[dict[str, Any]]:
    """The guide fields the change alters, in the guide's order, before and after."""
    current = as_guide(current)
    return [
        {"label": label, "before": current.get(name), "after": proposed.get(name)}
        for name, label in FIELD_LABELS.items()
        if name in proposed and proposed.get(name) != current.get(name)
    ]


@routes.get("/catalog/drafts/{change_id}", name="console-item-change")
async def change_page(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    change = await change_for(principal, row_id(request, "change_id"))
    people = dict(
        await StaffAccount.filter(
            id__in=[i for i in (change.submitted_by_id, change.decided_by_id) if i]
        ).values_list("id", "name")
    )
    may_review = (
        change.state == ChangeState.PENDING
        and principal.has_role(*REVIEWER_ROLES)
        and change.submitted_by_id != principal.id
    )
    return page(
        request,
        "catalog_draft.html",
        {
            "change": change,
            "item": change.item,
            "changes": changed_fields(snapshot(change.item), change.proposed),
            "people": people,
            "may_review": may_review,
            "own": change.submitted_by_id == principal.id,
            **LABELS,
        },
    )


@routes.post("/catalog/drafts/{change_id}/decision", name="console-item-change-decide")
async def decide(request: web.Request) -> web.Response:
    change_id = row_id(request, "change_id")
    form = await check_form(request)
    verdict = form.get("decision", "")
    if verdict not in VERDICTS:
        raise ValidationFailed(
            "choose approve or return",
            code="decision_required",
            fields={"decision": "选择审核结论"},
        )
    body = parse_model(
        ChangeDecisionIn, {"approve": VERDICTS[verdict], "reason": form.get("reason", "")}, "review"
    )
    await decide_change(request[PRINCIPAL], change_id, body.approve, body.reason, clock.utc_now())
    if body.approve:  # published: every server drops its kept answers (as decideItemChange)
        await request.config_dict[CATALOG_VERSION].changed()
    raise web.HTTPSeeOther(
        request.app.router["console-item-change"].url_for(change_id=str(change_id))
    )


@routes.post("/catalog/items/{code}/publication", name="console-item-publish")
async def publish(request: web.Request) -> web.Response:
    """A draft item opened to citizens by its reviewer (changeItemStatus to published)."""
    code = item_code(request)
    await check_form(request)
    await change_item_status(request[PRINCIPAL], code, ItemStatus.PUBLISHED, "")
    await request.config_dict[CATALOG_VERSION].changed()  # as changeItemStatus
    raise web.HTTPSeeOther(request.app.router["console-catalog"].url_for())
