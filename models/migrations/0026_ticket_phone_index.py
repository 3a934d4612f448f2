"""Tickets registered from the hotline or dispatched by the province were stored without the
phone's blind index (only the mini-app's intake set it), so an SMS reply to their callback and a
search by the whole number never found them. The model now keeps the index on every save; this
fills it in for the tickets stored before."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from core.crypto import keyring
from core.crypto.indexes import phone_index


async def index_ticket_phones(apps, schema_editor) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    update = (
        "UPDATE ticket SET contact_phone_index = ? WHERE id = ?"
        if sqlite
        else "UPDATE ticket SET contact_phone_index = $1 WHERE id = $2"
    )
    _, rows = await client.execute_query(
        "SELECT id, contact_phone FROM ticket"
        " WHERE contact_phone_index IS NULL AND contact_phone IS NOT NULL AND contact_phone <> ''"
    )
    if not rows:
        return
    ring = keyring.current()
    for row in rows:
        phone = ring.decrypt(row["contact_phone"], "ticket.contact_phone")
        await client.execute_query(update, [phone_index(phone), row["id"]])


class Migration(migrations.Migration):
    dependencies = [("models", "0025_spot_check_scope")]

    initial = False

    operations = [ops.RunPython(index_ticket_phones)]
