"""“进度 <办件编号>”: a bound citizen's own case; anyone else adds the lookup code."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bots.citizen.context import CitizenContext
from bots.incoming import Incoming
from bots.router import Command, Router
from core.errors import NotFound, RateLimited, ValidationFailed
from models.cases import Case
from workflows.cases.lookup import LookupLimits, LookupProgress, lookup_progress
from workflows.cases.machine import STATUS_LABELS
from workflows.cases.queries import TimelineRow, case_for, timeline_rows

router = Router("progress")
PROGRESS = Command(("查询进度", "查进度", "进度"))
CASE_NO = re.compile(r"[A-Za-z0-9-]{4,20}")
SECRET = re.compile(r"[A-Za-z0-9]{4,16}")
USAGE = "请发送“进度 办件编号”，例如：进度 2025040300001。未登录小程序的，请在编号后加上查询码。"
NOT_FOUND = "没有找到这个办件。请核对办件编号；未登录小程序的，请在编号后加上申请时给您的查询码。"


@router.on(PROGRESS)
async def progress(message: Incoming, ctx: CitizenContext) -> str:
    args = PROGRESS.args(message)
    if not args or not CASE_NO.fullmatch(args[0]):
        return USAGE
    case_no = args[0]
    try:
        if len(args) > 1:
            found = await _by_secret(ctx, case_no, args[1])
            case, steps = found, found.steps  # the lookup read its steps with it
        elif ctx.principal is not None:
            own = await _own(ctx, case_no)
            case, steps = own, await timeline_rows(own.id)
        else:
            return "请在编号后加上申请时给您的查询码，例如：进度 " + case_no + " ABCD2345。"
    except (NotFound, ValidationFailed):
        return NOT_FOUND
    except RateLimited as error:
        return f"查询太频繁了，请 {error.retry_after or 60} 秒后再试。"
    return _describe(case, steps, ZoneInfo(ctx.settings.calendar.timezone))


async def _by_secret(ctx: CitizenContext, case_no: str, secret: str) -> LookupProgress:
    if not SECRET.fullmatch(secret):
        raise NotFound("no such case")
    limits = ctx.settings.cases
    return await lookup_progress(
        ctx.kv,
        f"wechat:{ctx.openid}",  # counted per sender, as the API counts per address
        case_no,
        LookupLimits(limits.lookup_per_ip_per_minute, limits.lookup_per_case_per_hour),
        secret=secret.upper(),
    )


async def _own(ctx: CitizenContext, case_no: str) -> Case:
    assert ctx.principal is not None
    case_id = await Case.filter(case_no=case_no).first().values_list("id", flat=True)
    if case_id is None:
        raise NotFound("no such case")
    # The same check as the API: another citizen's case is "not found".
    return await case_for(ctx.principal, int(case_id))


def _describe(case: Case | LookupProgress, steps: list[TimelineRow], tz: ZoneInfo) -> str:
    lines = [f"办件 {case.case_no}（{case.item_name}）：{STATUS_LABELS[case.status]}"]
    for step in steps[-3:]:
        note = f"，{step.note[:40]}" if step.note else ""
        when = step.at.astimezone(tz).strftime("%m-%d %H:%M")
        lines.append(f"· {when} {STATUS_LABELS[step.status]}{note}")
    if case.due_at is not None:
        lines.append(f"办理期限：{case.due_at.astimezone(tz).strftime('%Y-%m-%d')}")
    return "\n".join(lines)
