"""“预约”: the citizen's bookings, and a link into the mini-program to book or change one."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bots.citizen.context import LOGIN_FIRST, CitizenContext
from bots.incoming import Incoming
from bots.router import Command, Router
from models.booking import BookingStatus
from workflows.booking.bookings import my_bookings

router = Router("bookings")
SHOWN = 5


@router.on(Command(("我的预约", "预约")))
async def bookings(message: Incoming, ctx: CitizenContext) -> str:
    link = ctx.mini_app_link(ctx.settings.bots.bookings_page, "在小程序预约或改约")
    if ctx.principal is None:
        return f"{LOGIN_FIRST}\n{link}"
    rows = await my_bookings(ctx.principal, SHOWN * 2)
    upcoming = [b for b in rows if b.status == BookingStatus.BOOKED and b.ends_at > ctx.now]
    if not upcoming:
        return f"您目前没有待办的预约。\n{link}"
    tz = ZoneInfo(ctx.settings.calendar.timezone)
    lines = ["您的预约："]
    for booking in sorted(upcoming, key=lambda b: b.starts_at)[:SHOWN]:
        when = booking.starts_at.astimezone(tz).strftime("%m-%d %H:%M")
        lines.append(f"· {when} {booking.hall.name} {booking.item.name}（预约码 {booking.code}）")
    lines.append(link)
    return "\n".join(lines)
