"""A case's page and its actions: the same workflow functions as transitionCase."""

from __future__ import annotations

from aiohttp import web

from core.appkeys import CALENDAR
from core.errors import NotFound, ValidationFailed
from core.masking import mask_name
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.files.present import CaseFile, case_files
from miniapp_api.files.resources import FILES
from miniapp_api.files.transfer import link_for
from models.cases import Case
from workflows import clock
from workflows.authz import Principal
from workflows.cases.machine import RULES, STATUS_LABELS, CaseAction
from workflows.cases.queries import case_for, timeline
from workflows.cases.transitions import transition_case
from workflows.files.access import readable_material

routes = web.RouteTableDef()
ACTION_LABELS = {
    CaseAction.PRE_REVIEW: "预审",
    CaseAction.ACCEPT: "受理",
    CaseAction.REFUSE: "不予受理",
    CaseAction.REQUEST_CORRECTION: "一次性告知补正",
    CaseAction.START_REVIEW: "开始审查",
    CaseAction.APPROVE: "准予",
    CaseAction.DENY: "不予办理",
    CaseAction.DELIVER: "送达办结",
}
# Timeline steps that are not actions a staff member takes from this page.
STEP_LABELS = {"submit": "提交申请", "resubmit": "补正提交", **ACTION_LABELS}
# Routing steps (workflows/routing).
STEP_LABELS |= {
    "dispatch": "综合窗口分送",
    "reassign": "转办",
    "parallel_start": "并联审批",
    "parallel_opinion": "协办意见",
}


def allowed_actions(principal: Principal, case: Case) -> list[CaseAction]:
    return [
        action
        for action, rule in RULES.items()
        if case.status in rule.sources and principal.has_role(*rule.roles)
    ]


async def material_links(request: web.Request, materials: list[CaseFile]) -> dict[int, str]:
    """A signed download link per material with a file, made as linkCaseMaterial makes it: only
    for materials this viewer may read (a co-department sees the case, not every file)."""
    principal, now = request[PRINCIPAL], clock.utc_now()
    found: dict[int, str] = {}
    for material in (item for item in materials if item.has_file):
        try:
            readable = await readable_material(principal, material.id)
        except NotFound:
            continue
        found[readable.id] = link_for(
            request.config_dict[FILES], principal, "material", readable.id, now
        ).url
    return found


@routes.get("/cases/{case_id}", name="console-case")
async def case_page(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    case = await case_for(principal, row_id(request, "case_id"))
    materials = await case_files(case.id, for_staff=True)
    return page(
        request,
        "case.html",
        {
            "case": case,
            "applicant": mask_name(case.applicant_name),
            "status_labels": STATUS_LABELS,
            "steps": await timeline(case),
            "actions": allowed_actions(principal, case),
            "action_labels": ACTION_LABELS,
            "step_labels": STEP_LABELS,
            "needs_reason": {a for a, rule in RULES.items() if rule.reason_required},
            "materials": materials,
            "links": await material_links(request, materials),
        },
    )


@routes.post("/cases/{case_id}/actions", name="console-case-action")
async def case_action(request: web.Request) -> web.Response:
    case_id = row_id(request, "case_id")
    form = await check_form(request)
    try:
        action = CaseAction(form.get("action", ""))
    except ValueError:
        raise ValidationFailed("choose an action", fields={"action": "unknown"}) from None
    note, reason = form.get("note", "")[:2000], form.get("reason", "")[:2000]
    missing = [line.strip() for line in form.get("missing_materials", "").splitlines()][:50]
    await transition_case(
        request[PRINCIPAL],
        case_id,
        action,
        await request.config_dict[CALENDAR].current(),
        clock.utc_now(),
        note=note,
        reason=reason,
        missing_materials=[name[:200] for name in missing if name],
    )
    raise web.HTTPSeeOther(request.app.router["console-case"].url_for(case_id=str(case_id)))
