"""Which hall a clerk's page is about: the one asked for, or the first of the clerk's own."""

from __future__ import annotations

from core.errors import NotFound
from models.catalog import ServiceHall
from workflows.authz import Principal
from workflows.booking import hall_day


async def chosen_hall(principal: Principal, text: str) -> tuple[ServiceHall, list[ServiceHall]]:
    """The hall asked for (checked as checkIn checks it), or the clerk's first hall."""
    halls = await hall_day.clerk_halls(principal)
    if text:
        if not text.isdigit() or len(text) > 18:
            raise NotFound("no such service hall")
        return await hall_day.clerk_hall(principal, int(text)), halls
    if not halls:
        raise NotFound("your department runs no service hall", code="no_hall")
    return halls[0], halls
