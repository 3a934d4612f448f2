"""Electronic certificates (电子证照, seed 002 art. 40) issued when a case is approved.

One per case at most. The PDF is rendered from the row whenever it is asked for, so the row is
the certificate; revoking it is a change of this row, never a deletion.
"""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.cases import Case
from models.catalog import ServiceItem
from models.people import Citizen, Department, StaffAccount
from models.protected import EncryptedField


class CertificateStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"


class Certificate(TimestampedModel):
    number = fields.CharField(max_length=32, unique=True)
    # Printed on the certificate and in its QR code: verifying needs number and code together.
    verification_code = fields.CharField(max_length=16)
    case: fields.OneToOneRelation[Case] = fields.OneToOneField(
        "models.Case", related_name="certificate", on_delete=fields.RESTRICT
    )
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="certificates", null=True, on_delete=fields.RESTRICT
    )
    # Kept whole, as printed on the PDF the holder downloads; every other view masks it.
    holder_name = EncryptedField(max_length=100)
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="certificates", on_delete=fields.RESTRICT
    )
    item_name = fields.CharField(max_length=200)
    name = fields.CharField(max_length=100, description="the certificate's name from the guide")
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="certificates", on_delete=fields.RESTRICT
    )
    issued_at = fields.DatetimeField()
    valid_from = fields.DateField()
    valid_until = fields.DateField(null=True, description="null: 长期有效")
    status = fields.CharEnumField(CertificateStatus, max_length=16, default=CertificateStatus.VALID)
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.TextField(default="")
    revoked_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="revoked_certificates", null=True,
        on_delete=fields.RESTRICT,
    )  # fmt: skip

    class Meta:
        table = "certificate"
        indexes = (("citizen_id", "status"),)
