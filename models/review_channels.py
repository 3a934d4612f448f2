"""好差评 channels and the review office's decisions (seed 002 arts. 35, 37(2)-(3)).

- ReviewDevice: a 评价器 at a hall window or a kiosk, registered by an admin, bound to a hall
  and window, calling the device API with its own key (HMAC signature). Revoked: refused.
- RatingLink: a one-use link to rate one matter, texted to a walk-in applicant or printed as a
  QR code on the receipt. Only a digest of its code is kept.
- RectificationExtension: a department's request for more time, decided by the review office.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.catalog import ServiceHall
from models.people import StaffAccount
from models.reviews import Rectification, SubjectType


class DeviceKind(StrEnum):
    DEVICE = "device"  # 评价器 at a window
    KIOSK = "kiosk"  # self-service terminal in the hall


class ReviewDevice(TimestampedModel):
    code = fields.CharField(max_length=32, unique=True, description="the device id it sends")
    # The HMAC key: the device signs with it, so the server must hold it (never shown again,
    # never logged). Revocation, not rotation, is the answer to a lost device.
    secret = fields.CharField(max_length=64)
    kind = fields.CharEnumField(DeviceKind, max_length=16)
    name = fields.CharField(max_length=100)
    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="review_devices", on_delete=fields.RESTRICT
    )
    window = fields.CharField(max_length=32, default="", description="window number, kiosk: ''")
    registered_by: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="registered_devices", on_delete=fields.RESTRICT
    )
    revoked_at = fields.DatetimeField(null=True)
    last_seen_at = fields.DatetimeField(null=True)

    class Meta:
        table = "review_device"


class LinkVia(StrEnum):
    SMS = "sms"
    RECEIPT_QR = "receipt_qr"


class RatingLink(Model):
    id = fields.BigIntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    via = fields.CharEnumField(LinkVia, max_length=16)
    subject_type = fields.CharEnumField(SubjectType, max_length=16)
    subject_id = fields.BigIntField()
    # Valid for [reviews] sms_link_valid_days / receipt_qr_valid_days from here.
    issued_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    # A reprinted receipt replaces the QR code of the earlier one.
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "review_rating_link"
        indexes = (("subject_type", "subject_id"),)


class ExtensionState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class RectificationExtension(TimestampedModel):
    rectification: fields.ForeignKeyRelation[Rectification] = fields.ForeignKeyField(
        "models.Rectification", related_name="extension_requests", on_delete=fields.CASCADE
    )
    working_days = fields.IntField()
    reason = fields.TextField()
    requested_by: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="extension_requests", on_delete=fields.RESTRICT
    )
    requested_at = fields.DatetimeField()
    decide_by = fields.DatetimeField()
    state = fields.CharEnumField(ExtensionState, max_length=16, default=ExtensionState.PENDING)
    decided_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="extension_decisions",
        null=True,
        on_delete=fields.RESTRICT,
    )
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.TextField(default="")

    class Meta:
        table = "review_rectification_extension"
        indexes = (("rectification_id", "state"),)
