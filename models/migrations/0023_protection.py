from tortoise import migrations
from tortoise.migrations import operations as ops
from models.protected import EncryptedField
from models.protection import CorrectionState
from tortoise.fields.base import OnDelete
from tortoise import fields

from core.crypto import keyring
from core.crypto.indexes import phone_index

# Every column that became an EncryptedField here: its clear values are sealed in place.
ENCRYPTED = (
    ("citizen", "real_name"),
    ("citizen", "phone"),
    ("citizen", "id_number"),
    ("staff_account", "phone"),
    ("service_case", "applicant_name"),
    ("service_case", "applicant_phone"),
    ("service_case", "applicant_id_number"),
    ("case_contact_consent", "phone"),
    ("ticket", "contact_name"),
    ("ticket", "contact_phone"),
    ("review", "contact_name"),
    ("review", "contact_phone"),
)


async def encrypt_existing_rows(apps, schema_editor) -> None:
    """Seal the clear values already stored (both backends); the key ring must be installed
    (`python -m miniapp_api migrate` installs it from settings) when there is anything to seal."""
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"

    def mark(n: int) -> str:
        return "?" if sqlite else f"${n}"

    for table, column in ENCRYPTED:
        _, rows = await client.execute_query(
            f'SELECT id, "{column}" AS v FROM "{table}" WHERE "{column}" IS NOT NULL'
            f" AND \"{column}\" <> '' AND \"{column}\" NOT LIKE 'sm4:%'"
        )
        if not rows:
            continue
        ring = keyring.current()
        for row in rows:
            sealed = ring.encrypt(row["v"], f"{table}.{column}")
            await client.execute_query(
                f'UPDATE "{table}" SET "{column}" = {mark(1)} WHERE id = {mark(2)}',
                [sealed, row["id"]],
            )
            if (table, column) == ("ticket", "contact_phone"):
                await client.execute_query(
                    f'UPDATE "ticket" SET contact_phone_index = {mark(1)} WHERE id = {mark(2)}',
                    [phone_index(row["v"]), row["id"]],
                )


class Migration(migrations.Migration):
    dependencies = [("models", "0022_certificates")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("last_seq", fields.BigIntField(default=0)),
                ("last_hash", fields.CharField(max_length=64)),
                ("base_seq", fields.BigIntField(default=0)),
                ("base_hash", fields.CharField(max_length=64)),
            ],
            options={
                "table": "audit_chain_head",
                "app": "models",
                "pk_attr": "id",
                "table_description": "The one stream of the audit chain: the last sealed entry, and where it starts after",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CorrectionRequest",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
                (
                    "citizen",
                    fields.ForeignKeyField(
                        "models.Citizen",
                        source_field="citizen_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="correction_requests",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("field", fields.CharField(max_length=32)),
                ("proposed", EncryptedField(default="", max_length=100)),
                ("reason", EncryptedField(default="", max_length=500)),
                (
                    "state",
                    fields.CharEnumField(
                        default=CorrectionState.OPEN,
                        description="OPEN: open\nCORRECTED: corrected\nREFUSED: refused",
                        enum_type=CorrectionState,
                        max_length=16,
                    ),
                ),
                ("handled_by_id", fields.BigIntField(null=True)),
                ("handled_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("answer", fields.TextField(default="", unique=False)),
            ],
            options={
                "table": "correction_request",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A citizen asks that personal data held about them be corrected (PIPL art. 46).",
            },
            bases=["TimestampedModel"],
        ),
        ops.CreateModel(
            name="KeyCanary",
            fields=[
                (
                    "key_id",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16),
                ),
                ("sealed", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "key_canary",
                "app": "models",
                "pk_attr": "key_id",
                "table_description": "A known text sealed under each key that has encrypted data: at start, each must open",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="AuditRecord",
            name="entry_hash",
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name="AuditRecord",
            name="prev_hash",
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name="AuditRecord",
            name="seq",
            field=fields.BigIntField(null=True, unique=True),
        ),
        ops.AlterField(
            model_name="Case",
            name="applicant_id_number",
            field=EncryptedField(default="", max_length=18),
        ),
        ops.AlterField(
            model_name="Case",
            name="applicant_name",
            field=EncryptedField(max_length=100),
        ),
        ops.AlterField(
            model_name="Case",
            name="applicant_phone",
            field=EncryptedField(default="", max_length=20),
        ),
        ops.AlterField(
            model_name="CaseContactConsent",
            name="phone",
            field=EncryptedField(max_length=20),
        ),
        ops.AlterField(
            model_name="Citizen",
            name="id_number",
            field=EncryptedField(null=True, max_length=18),
        ),
        ops.AlterField(
            model_name="Citizen",
            name="phone",
            field=EncryptedField(null=True, max_length=20),
        ),
        ops.AlterField(
            model_name="Citizen",
            name="real_name",
            field=EncryptedField(null=True, max_length=50),
        ),
        ops.AlterField(
            model_name="Review",
            name="contact_name",
            field=EncryptedField(default="", max_length=100),
        ),
        ops.AlterField(
            model_name="Review",
            name="contact_phone",
            field=EncryptedField(default="", max_length=20),
        ),
        ops.AlterField(
            model_name="StaffAccount",
            name="phone",
            field=EncryptedField(null=True, max_length=20),
        ),
        ops.AlterField(
            model_name="Ticket",
            name="contact_name",
            field=EncryptedField(default="", max_length=50),
        ),
        ops.AlterField(
            model_name="Ticket",
            name="contact_phone",
            field=EncryptedField(default="", max_length=20),
        ),
        ops.AddField(
            model_name="Ticket",
            name="contact_phone_index",
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.RunPython(encrypt_existing_rows),
    ]
