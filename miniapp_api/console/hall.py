"""The window clerk's hall page: a day's bookings with check-in (checkIn), the queue numbers
issued (取号) and a walk-in number (takeWalkInNumber), through the same workflows as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from core.appkeys import CALENDAR, SETTINGS
from core.errors import ValidationFailed
from core.masking import mask_name
from miniapp_api.console.hall_choice import chosen_hall
from miniapp_api.console.params import row_id
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL, check_form
from models.booking import BookingStatus, TicketKind
from workflows import clock
from workflows.booking import hall_day
from workflows.booking.queue import check_in, walk_in

routes = web.RouteTableDef()
BOOKING_LABELS = {
    BookingStatus.BOOKED: "待签到",
    BookingStatus.CHECKED_IN: "已签到",
    BookingStatus.CANCELLED: "已取消",
    BookingStatus.NO_SHOW: "未到（爽约）",
}
KIND_LABELS = {TicketKind.BOOKED: "预约", TicketKind.WALK_IN: "现场"}


def chosen_day(text: str, today: date) -> date:
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            "give the day as 年-月-日, e.g. 2026-12-01", fields={"day": "not a date"}
        ) from None


def hall_url(request: web.Request, hall_id: int, **query: Any) -> str:
    url = request.app.router["console-hall"].url_for()
    return str(url.with_query({"hall_id": str(hall_id), **{k: str(v) for k, v in query.items()}}))


@routes.get("/hall", name="console-hall")
async def hall_page(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    hall, halls = await chosen_hall(principal, request.query.get("hall_id", ""))
    calendar = await request.config_dict[CALENDAR].current()
    today = calendar.local_date(clock.utc_now())
    day = chosen_day(request.query.get("day", "").strip(), today)
    bookings = await hall_day.bookings_of_day(hall, day)
    tickets = await hall_day.queue_of_day(hall, day)
    notice = ""
    if (checked := request.query.get("checked_in", "")).isdigit():
        notice = next(
            (f"预约 {b.booking.code} 已签到，排队号 {b.ticket_label}"
             for b in bookings if b.booking.id == int(checked) and b.ticket_label),
            "",
        )  # fmt: skip
    if (number := request.query.get("number", "")).isdigit():
        notice = next((f"现场取号成功：{t.label}" for t in tickets if t.id == int(number)), "")
    return page(
        request,
        "hall.html",
        {
            "hall": hall,
            "halls": halls,
            "day": day,
            "is_today": day == today,
            "bookings": bookings,
            "names": {b.booking.id: mask_name(b.booking.citizen.real_name) for b in bookings},
            "tickets": tickets,
            "items": await hall.items.all().order_by("name"),
            "status_labels": BOOKING_LABELS,
            "kind_labels": KIND_LABELS,
            "notice": notice,
        },
    )


@routes.post("/hall/bookings/{booking_id}/check-in", name="console-hall-checkin")
async def check_in_booking(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    booking_id = row_id(request, "booking_id")
    await check_form(request)
    hall, booking = await hall_day.hall_booking(principal, booking_id)
    config = request.config_dict
    await check_in(
        principal,
        hall,
        booking.code,
        await config[CALENDAR].current(),
        config[SETTINGS].booking,
        clock.utc_now(),
    )
    raise web.HTTPSeeOther(hall_url(request, hall.id, checked_in=booking.id))


@routes.post("/hall/{hall_id}/walk-in-numbers", name="console-hall-walkin-number")
async def take_walk_in_number(request: web.Request) -> web.Response:
    principal = request[PRINCIPAL]
    hall_id = row_id(request, "hall_id")
    form = await check_form(request)
    hall = await hall_day.clerk_hall(principal, hall_id)
    item_text = form.get("item_id", "").strip()
    if item_text and (not item_text.isdigit() or len(item_text) > 18):
        raise ValidationFailed("choose an item of this hall", fields={"item_id": "unknown"})
    item_id = int(item_text) if item_text else None
    calendar = await request.config_dict[CALENDAR].current()
    ticket = await walk_in(principal, hall, item_id, calendar, clock.utc_now())
    raise web.HTTPSeeOther(hall_url(request, hall.id, number=ticket.id))
