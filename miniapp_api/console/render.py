"""What every console page shares: local times, labels, the page context."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import jinja2
from aiohttp import web

from core.appkeys import SETTINGS
from miniapp_api.console.session import PRINCIPAL, TOKEN, csrf_for
from models.people import StaffRole

ROLE_LABELS = {
    StaffRole.CLERK: "窗口人员",
    StaffRole.HANDLER: "办理人员",
    StaffRole.SUPERVISOR: "电子监察",
    StaffRole.CALLBACK_VISITOR: "回访员",
    StaffRole.ADMIN: "系统管理员",
    StaffRole.SECURITY_ADMIN: "安全管理员",
    StaffRole.AUDIT_ADMIN: "审计管理员",
}


def setup_filters(environment: jinja2.Environment) -> None:
    environment.filters["local"] = _local
    environment.filters["percent"] = _percent


def _local(moment: datetime | str | None, tz: ZoneInfo) -> str:
    if isinstance(moment, str):  # a stored report keeps its moments as ISO text
        moment = datetime.fromisoformat(moment)
    return "—" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _percent(value: float | int | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def page(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    principal = request[PRINCIPAL]
    base = {
        "tz": ZoneInfo(request.config_dict[SETTINGS].calendar.timezone),
        "me": principal,
        "my_roles": "、".join(ROLE_LABELS[role] for role in sorted(principal.roles)),
        "csrf": csrf_for(request[TOKEN]),
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)
