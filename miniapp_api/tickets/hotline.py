"""Tickets staff register for a caller: registerTakenTicket (12345 hotline, seed 003)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.tickets.present import ContactView, TicketSummary, contact_view, summary
from miniapp_api.tickets.schemas import TakenTicketIn
from models.tickets import TicketChannel
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.tickets.hotline import REGISTERING_ROLES, TakenTicket, register_ticket

table = OperationTable(tags=("tickets",), audience="staff", roles=REGISTERING_ROLES)


class TakenTicketOut(TicketSummary):
    caller: ContactView = Field(description="masked, as in every view")


@table.post("/api/staff/tickets", "registerTakenTicket", status=201)
async def register(
    principal: Principal,
    body: TakenTicketIn,
    now: datetime,
    settings: Settings,
    calendar: WorkingCalendar,
) -> TakenTicketOut:
    """Register a ticket taken by phone (12345), letter or at the window; it waits for screening"""
    ticket = await register_ticket(
        principal,
        TakenTicket(**{**body.model_dump(), "channel": TicketChannel(body.channel)}),
        settings.tickets,
        calendar,
        now,
    )
    return TakenTicketOut(**summary(ticket).model_dump(), caller=contact_view(ticket))
