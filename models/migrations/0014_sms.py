from tortoise import migrations
from tortoise.migrations import operations as ops
from models.cases import ConsentScope
from models.outbox import RecipientType
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("models", "0013_hall_location")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CaseContactConsent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "case",
                    fields.ForeignKeyField(
                        "models.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="contact_consents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "scope",
                    fields.CharEnumField(
                        description="CASE_NOTICES: case_notices",
                        enum_type=ConsentScope,
                        max_length=24,
                    ),
                ),
                ("phone", fields.CharField(max_length=20)),
                ("given_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "recorded_by",
                    fields.ForeignKeyField(
                        "models.StaffAccount",
                        source_field="recorded_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="recorded_consents",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "withdrawn_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "case_contact_consent",
                "app": "models",
                "unique_together": (("case", "scope"),),
                "pk_attr": "id",
                "table_description": "The applicant agreed, at the window, to be told of this case at this number.",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="OutboxMessage",
            name="recipient_type",
            field=fields.CharEnumField(
                description="CITIZEN: citizen\nSTAFF: staff\nDEPARTMENT: department\nCASE_APPLICANT: case_applicant\nTICKET_CONTACT: ticket_contact",
                enum_type=RecipientType,
                max_length=16,
            ),
        ),
    ]
