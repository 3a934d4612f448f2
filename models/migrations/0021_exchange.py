from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.exchange import ComplaintSource, DraftState
from models.outbox import Channel, RecipientType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0020_regions")]

    initial = False

    operations = [
        ops.CreateModel(
            name="DispatchedComplaint",
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
                    "ticket",
                    fields.OneToOneField(
                        "models.Ticket",
                        source_field="ticket_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="dispatch",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "source",
                    fields.CharEnumField(
                        description="PROVINCE_12345: 12345\nNATIONAL: national",
                        enum_type=ComplaintSource,
                        max_length=16,
                    ),
                ),
                ("external_no", fields.CharField(max_length=64)),
                ("external_due_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("received_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "exchange_dispatched_complaint",
                "app": "models",
                "unique_together": (("source", "external_no"),),
                "pk_attr": "id",
                "table_description": "A ticket that came from a higher platform, with that platform's number and deadline.",
            },
            bases=["TimestampedModel"],
        ),
        ops.CreateModel(
            name="ItemDraft",
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
                    "item",
                    fields.ForeignKeyField(
                        "models.ServiceItem",
                        source_field="item_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="province_drafts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("provincial_version", fields.IntField()),
                (
                    "changes",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "state",
                    fields.CharEnumField(
                        default=DraftState.PENDING,
                        description="PENDING: pending\nAPPLIED: applied\nSUPERSEDED: superseded",
                        enum_type=DraftState,
                        max_length=16,
                    ),
                ),
                ("source", fields.CharField(description="push or pull", max_length=8)),
                ("received_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("due_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("applied_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("applied_by_id", fields.BigIntField(null=True)),
            ],
            options={
                "table": "exchange_item_draft",
                "app": "models",
                "indexes": [Index(fields=["item_id", "state"])],
                "pk_attr": "id",
                "table_description": "A province-side change of an item, waiting to be implemented here (seed 002 art. 10).",
            },
            bases=["TimestampedModel"],
        ),
        ops.CreateModel(
            name="ProvinceItem",
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
                    "item",
                    fields.OneToOneField(
                        "models.ServiceItem",
                        source_field="item_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="province_link",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "code",
                    fields.CharField(unique=True, description="provincial code", max_length=64),
                ),
                ("version", fields.IntField(description="the newest provincial version received")),
                ("withdrawn", fields.BooleanField(default=False)),
                ("synced_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "exchange_province_item",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One local item as the province's catalog keys it: its provincial code and version.",
            },
            bases=["TimestampedModel"],
        ),
        ops.CreateModel(
            name="Reconciliation",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("day", fields.CharField(description="local date, YYYY-MM-DD", max_length=10)),
                ("ran_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("local_count", fields.IntField()),
                ("remote_count", fields.IntField()),
                ("local_checksum", fields.CharField(max_length=64)),
                ("remote_checksum", fields.CharField(max_length=64)),
                ("missing", fields.IntField(description="ours the province lacks (re-sent)")),
                ("unknown", fields.IntField(description="the province's we do not have")),
            ],
            options={
                "table": "exchange_reconciliation",
                "app": "models",
                "indexes": [Index(fields=["day", "ran_at"])],
                "pk_attr": "id",
                "table_description": "One local day's case steps compared with what the province holds, and what was re-sent.",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="OutboxMessage",
            name="channel",
            field=fields.CharEnumField(
                description="SUBSCRIBE_MESSAGE: subscribe_message\nWECOM_APP: wecom_app\nWECOM_ROBOT: wecom_robot\nSMS: sms\nCUSTOMER_SERVICE: customer_service\nPROVINCE: province",
                enum_type=Channel,
                max_length=24,
            ),
        ),
        ops.AlterField(
            model_name="OutboxMessage",
            name="recipient_type",
            field=fields.CharEnumField(
                description="CITIZEN: citizen\nSTAFF: staff\nDEPARTMENT: department\nCASE_APPLICANT: case_applicant\nTICKET_CONTACT: ticket_contact\nPROVINCE: province",
                enum_type=RecipientType,
                max_length=16,
            ),
        ),
    ]
