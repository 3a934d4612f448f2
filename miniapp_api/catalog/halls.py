"""The service halls: listHalls, getHall (public).

Booking (listSlots) and the queue (checkIn, takeWalkInNumber) take a hall_id: this is where a
citizen or a clerk finds it, with the address, opening hours and the items each hall serves.
"""

from __future__ import annotations

from miniapp_api.catalog.schemas import HallIdParams, HallOut, HallPage, HallsQuery
from miniapp_api.operations import OperationTable
from workflows.catalog.halls import HallFilter, get_hall, list_halls

table = OperationTable(tags=("catalog",), audience="public")


@table.get("/api/halls", "listHalls")
async def list_(query: HallsQuery) -> HallPage:
    """Service halls by region or by an item they serve, with address and opening hours"""
    halls, total = await list_halls(HallFilter(**query.model_dump()))
    return HallPage(halls=[HallOut.of(hall) for hall in halls], total=total)


@table.get("/api/halls/{hall_id}", "getHall", errors=(404,))
async def get(params: HallIdParams) -> HallOut:
    """One service hall: address, phone, location, opening hours, the items it serves"""
    return HallOut.of(await get_hall(params.hall_id))
