"""The ID-number index becomes an HMAC-SM3 blind index under the protection index key (密评:
国密 algorithms only); it was HMAC-SHA256 under [identity] id_hash_key. No schema change: the
stored indexes are recomputed from the sealed numbers, and copies of a person's index on
reviews and tickets follow their person."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from core.crypto import keyring
from workflows.identity.idnumber import checksum_ok, id_hash


async def reindex_id_numbers(apps, schema_editor) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"

    def mark(n: int) -> str:
        return "?" if sqlite else f"${n}"

    async def rows(sql: str) -> list[dict]:
        _, found = await client.execute_query(sql)
        return list(found)

    async def set_value(table: str, column: str, value: str | None, row_id: int) -> None:
        await client.execute_query(
            f'UPDATE "{table}" SET "{column}" = {mark(1)} WHERE id = {mark(2)}', [value, row_id]
        )

    citizens = await rows(
        "SELECT id, id_number, id_number_hash FROM citizen WHERE id_number_hash IS NOT NULL"
    )
    cases = await rows(
        "SELECT id, applicant_id_number, applicant_id_hash FROM service_case"
        " WHERE applicant_id_hash IS NOT NULL"
    )
    if not citizens and not cases:
        return  # a new database: nothing was indexed under the old key
    ring = keyring.current()
    renamed: dict[str, str | None] = {}  # old index -> new index, learnt from sealed numbers
    for row in citizens:
        number = ring.decrypt(row["id_number"], "citizen.id_number") if row["id_number"] else ""
        new = id_hash(number) if checksum_ok(number) else None
        renamed[row["id_number_hash"]] = new
        await set_value("citizen", "id_number_hash", new, row["id"])
    for row in cases:
        sealed = row["applicant_id_number"]
        number = ring.decrypt(sealed, "service_case.applicant_id_number") if sealed else ""
        if checksum_ok(number):
            new = id_hash(number)
            renamed.setdefault(row["applicant_id_hash"], new)
        else:  # linked through the citizen's own index, not a typed number
            new = renamed.get(row["applicant_id_hash"])
        await set_value("service_case", "applicant_id_hash", new, row["id"])
    # An index no sealed number explains can never match again: it is dropped, not kept stale.
    for table, column in (("review", "reviewer_id_hash"), ("ticket", "author_id_hash")):
        for row in await rows(
            f'SELECT id, "{column}" AS v FROM "{table}" WHERE "{column}" IS NOT NULL'
        ):
            await set_value(table, column, renamed.get(row["v"]), row["id"])


class Migration(migrations.Migration):
    dependencies = [("models", "0023_protection")]

    initial = False

    operations = [ops.RunPython(reindex_id_numbers)]
