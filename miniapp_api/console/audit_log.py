"""The audit-log viewer (审计日志): entries by object, person and day, a page at a time.

Read through workflows/audit_reading.py: supervisors see their region's matters, the audit
administrator everything; the reading is audited and personal data stays masked.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import SETTINGS
from miniapp_api.console.moments import local_date, local_day
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from miniapp_api.parsing import parse_model
from models.people import StaffRole
from workflows.audit_reading import TrailFilter, read_trail

routes = web.RouteTableDef()
PAGE_SIZE = 50
DETAIL_LIMIT = 400  # characters of before/after shown in the table
KIND_LABELS = {
    "case": "办件",
    "ticket": "诉求",
    "supervision_card": "红黄牌预警",
    "urging_notice": "督办通知",
    "review": "评价",
    "rectification": "差评整改",
}
ADMIN_KIND_LABELS = {
    "staff_account": "工作人员账号",
    "audit_record": "审计日志",
    "region": "行政区划",
}
ACTION_LABELS = {
    "case.submit": "提交申请",
    "case.resubmit": "补正提交",
    "case.pre_review": "预审",
    "case.accept": "受理",
    "case.refuse": "不予受理",
    "case.request_correction": "一次性告知补正",
    "case.start_review": "开始审查",
    "case.approve": "准予",
    "case.deny": "不予办理",
    "case.deliver": "送达办结",
    "card.yellow": "黄牌预警",
    "card.red": "红牌督办",
    "card.acknowledged": "确认知悉预警",
    "matter.urged": "督办",
    "urging.responded": "督办回复",
    "ticket.extension_requested": "申请延期",
    "ticket.extended": "同意延期",
    "ticket.extension_rejected": "不同意延期",
    "review.created": "提交评价",
    "rectification.invalid_requested": "申请认定无效差评",
    "rectification.invalid_approved": "认定为无效差评",
    "rectification.invalid_rejected": "无效差评申请未通过",
    "rectification.extension_requested": "申请整改延期",
    "rectification.extension_approved": "同意整改延期",
    "rectification.extension_rejected": "不同意整改延期",
    "audit.read": "查阅审计日志",
    "audit.verified": "校验审计链",
    "staff.roles_changed": "变更角色",
}


class AuditPageQuery(BaseModel):
    object_type: str | None = Field(default=None, max_length=32)
    object_id: str | None = Field(default=None, max_length=64)
    username: str | None = Field(default=None, max_length=64)
    day: str | None = Field(default=None, max_length=10)
    page: int = Field(default=1, ge=1, le=2000)


def _detail(value: Any) -> str:
    if value in (None, {}, []):
        return ""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= DETAIL_LIMIT else text[:DETAIL_LIMIT] + "…"


@routes.get("/audit", name="console-audit")
async def audit(request: web.Request) -> web.Response:
    given = {key: value.strip() for key, value in request.query.items() if value.strip()}
    query = parse_model(AuditPageQuery, given, "query")
    tz = ZoneInfo(request.config_dict[SETTINGS].calendar.timezone)
    day = local_date(query.day or "", "day")
    since, until = local_day(day, tz) if day else (None, None)
    wanted = TrailFilter(query.object_type, query.object_id, query.username, since, until)
    trail = await read_trail(
        request[PRINCIPAL], wanted, offset=(query.page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    pages = max(1, -(-trail.total // PAGE_SIZE))
    filters = {k: v for k, v in given.items() if k != "page"}
    kinds = dict(KIND_LABELS)
    if request[PRINCIPAL].has_role(StaffRole.AUDIT_ADMIN):
        kinds |= ADMIN_KIND_LABELS
    return page(
        request,
        "audit.html",
        {
            "trail": trail,
            "query": query,
            "kinds": kinds,
            "actions": ACTION_LABELS,
            "detail": _detail,
            "page_no": query.page,
            "pages": pages,
            "previous": filters | {"page": str(query.page - 1)} if query.page > 1 else None,
            "next": filters | {"page": str(query.page + 1)} if query.page < pages else None,
        },
    )
