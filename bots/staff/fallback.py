"""Staff messages no other router took."""

from __future__ import annotations

from bots.incoming import Incoming
from bots.router import Kind, Router, anything
from bots.staff.context import StaffContext

router = Router("staff-fallback")


@router.on(Kind(frozenset({"event"})))
async def other_event(message: Incoming, ctx: StaffContext) -> None:
    return None  # entering the app, menu clicks, location: nothing to say


@router.on(anything)
async def polite(message: Incoming, ctx: StaffContext) -> str:
    return "发送“待办”查看您的待办事项；卡片上的按钮可以直接办理。"
