"""Subscribe / unsubscribe, and the mini-program's "entered the chat" event."""

from __future__ import annotations

from bots.citizen.context import CitizenContext
from bots.citizen.greetings import HELP
from bots.incoming import Incoming
from bots.router import Event, Kind, Router

router = Router("events")


@router.on(Event(frozenset({"subscribe", "subscribe_scan", "user_enter_tempsession"})))
async def welcome(message: Incoming, ctx: CitizenContext) -> str:
    return "欢迎使用掌上办！" + HELP


@router.on(Event(frozenset({"unsubscribe"})))
async def goodbye(message: Incoming, ctx: CitizenContext) -> None:
    # Nothing can be sent to someone who left; forget what we kept for their chat.
    await ctx.kv.delete(f"bots:last-question:{ctx.openid}")
    return None


@router.on(Kind(frozenset({"event"})))
async def other_event(message: Incoming, ctx: CitizenContext) -> None:
    return None  # menu clicks, location reports, ...: nothing to say
