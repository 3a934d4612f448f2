"""Greetings and help: what the bot can do."""

from __future__ import annotations

from bots.citizen.context import CitizenContext
from bots.incoming import Incoming
from bots.router import Exactly, Router

router = Router("greetings")
HELP = (
    "您可以发送：\n"
    "· 进度 办件编号（未登录小程序的，再加查询码）\n"
    "· 预约：查看您的预约\n"
    "· 直接提问，例如“营业执照多久能拿到”\n"
    "· 人工：转人工服务"
)
WORDS = frozenset({"你好", "您好", "在吗", "帮助", "菜单", "help", "hi", "hello", "?", "？"})


@router.on(Exactly(WORDS))
async def greet(message: Incoming, ctx: CitizenContext) -> str:
    return "您好！" + HELP
