"""The catch-all: anything no other router took, answered politely."""

from __future__ import annotations

from bots.citizen.context import CitizenContext
from bots.incoming import Incoming
from bots.router import Router, anything

router = Router("fallback")


@router.on(anything)
async def polite(message: Incoming, ctx: CitizenContext) -> str:
    return "抱歉，这里暂时只能看懂文字消息。请用文字描述您的问题，或发送“帮助”查看可以做什么。"
