"""Every ticket keeps its phone's blind index, however it came in, and the migration fills in
the tickets stored without one (hotline and provincial tickets used to be)."""

from __future__ import annotations

from types import SimpleNamespace

from aiohttp.test_utils import TestClient
from tortoise import connections

from core.crypto.indexes import phone_index
from models.tickets import ContactPreference, Ticket, TicketChannel, TicketColumn
from tests.protection.conftest import PHONE, raw_rows

MIGRATION = __import__("models.migrations.0026_ticket_phone_index", fromlist=["x"])


async def _ticket(phone: str) -> Ticket:
    return await Ticket.create(
        channel=TicketChannel.HOTLINE,
        column=TicketColumn.COMPLAINT,
        title="路灯不亮",
        content="来电反映",
        contact_name="王小明",
        contact_phone=phone,
        contact_preference=ContactPreference.PHONE,
    )


async def indexes() -> dict[int, str | None]:
    rows = await raw_rows("SELECT id, contact_phone_index FROM ticket")
    return {row["id"]: row["contact_phone_index"] for row in rows}


async def test_the_index_follows_the_phone_on_every_save(client: TestClient) -> None:
    ticket = await _ticket("+86 138-1234-5678")
    assert (await indexes())[ticket.id] == phone_index(PHONE)  # however the number is written
    ticket.contact_phone = "13900001111"
    await ticket.save(update_fields=["contact_phone"])
    assert (await indexes())[ticket.id] == phone_index("13900001111")
    ticket.contact_phone = ""
    await ticket.save()
    assert (await indexes())[ticket.id] is None


async def test_the_migration_indexes_tickets_stored_without_one(client: TestClient) -> None:
    unindexed, no_phone = await _ticket(PHONE), await _ticket("")
    await Ticket.filter(id=unindexed.id).update(contact_phone_index=None)
    assert (await indexes())[unindexed.id] is None

    await MIGRATION.index_ticket_phones(None, SimpleNamespace(client=connections.get("default")))

    found = await indexes()
    assert found[unindexed.id] == phone_index(PHONE) and found[no_phone.id] is None
    assert await Ticket.filter(contact_phone_index=phone_index(PHONE)).count() == 1
