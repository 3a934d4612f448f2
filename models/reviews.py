"""好差评: reviews of handled matters, invitations to rate, and bad-review rectification.

Seed 002 arts. 35-37: five grades, one review per matter, every bad review rectified by the
department that handled the matter (谁办理、谁负责), invalid requests decided by the review office.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.catalog import ServiceHall, ServiceItem
from models.people import Citizen, Department, StaffAccount
from models.protected import EncryptedField


class Grade(StrEnum):
    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied"  # 非常不满意


class ReviewChannel(StrEnum):
    ONLINE = "online"  # 政务服务网 (PC)
    HALL = "hall"  # 政务服务大厅, at the window
    MOBILE = "mobile"  # 移动端: this mini-program


class SubjectType(StrEnum):
    CASE = "case"  # 一事一评
    BOOKING = "booking"  # 一次一评: one hall visit (the booking and its queue number)
    QUEUE_TICKET = "queue_ticket"  # 一次一评 of a walk-in window visit, rated at the 评价器


class RatedVia(StrEnum):
    """Where the rating was given (art. 35: every channel); the weekly report counts by it."""

    APP = "app"  # this mini-program
    WEB = "web"  # a browser (PC or phone): the rating link's page
    DEVICE = "device"  # the 评价器 at a hall window
    KIOSK = "kiosk"  # a self-service kiosk in the hall
    SMS_LINK = "sms_link"  # the link texted to a walk-in applicant
    RECEIPT_QR = "receipt_qr"  # the QR code printed on the walk-in receipt


class Review(TimestampedModel):
    subject_type = fields.CharEnumField(SubjectType, max_length=16)
    subject_id = fields.BigIntField()
    # None for a walk-in applicant without an account (rating link, hall device).
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    # The department that handled the matter rectifies its bad reviews (谁办理、谁负责).
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="reviews", on_delete=fields.RESTRICT
    )
    item: fields.ForeignKeyNullableRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    hall: fields.ForeignKeyNullableRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="reviews", null=True, on_delete=fields.RESTRICT
    )
    item_name = fields.CharField(max_length=200, default="")
    channel = fields.CharEnumField(ReviewChannel, max_length=16)
    grade = fields.CharEnumField(Grade, max_length=24)
    bad = fields.BooleanField()
    # {indicator: 1..5}, indicators by channel (online/mobile or hall).
    scores = fields.JSONField(default=dict)
    tags = fields.JSONField(default=list)
    text = fields.TextField(default="")
    # 实名差评 are all called back (art. 37(4)): the reviewer's identity is known to us.
    real_name = fields.BooleanField(default=False)
    # Kept whole for the rectifying department's contact step only; never in other views.
    contact_name = EncryptedField(max_length=100, default="")
    contact_phone = EncryptedField(max_length=20, default="")
    # The reviewer's verified identity (keyed hash of the ID number, L2 and up).
    reviewer_id_hash = fields.CharField(max_length=64, null=True, db_index=True)
    # 无效差评: set when the review office approves an invalid request; excluded from rates.
    invalid = fields.BooleanField(default=False)
    rated_via = fields.CharEnumField(RatedVia, max_length=16, default=RatedVia.APP)
    # The window staff member rated (评价对象: the person who served), when known.
    staff: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="reviews_of_me", null=True, on_delete=fields.RESTRICT
    )
    # The hall device (评价器 / kiosk) the rating came from.
    device_id = fields.BigIntField(null=True)

    class Meta:
        table = "review"
        unique_together = (("subject_type", "subject_id"),)
        indexes = (
            ("citizen_id", "created_at"),
            ("created_at", "department_id"),
        )


class ReviewInvitation(TimestampedModel):
    # One per rateable matter: the invitation, the one reminder, and whether it was rated.
    subject_type = fields.CharEnumField(SubjectType, max_length=16)
    subject_id = fields.BigIntField()
    citizen: fields.ForeignKeyRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="review_invitations", on_delete=fields.RESTRICT
    )
    item_name = fields.CharField(max_length=200, default="")
    invited_at = fields.DatetimeField()
    reminded_at = fields.DatetimeField(null=True)
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "review_invitation"
        unique_together = (("subject_type", "subject_id"),)
        indexes = (("reviewed_at", "reminded_at", "invited_at"),)


class RectificationState(StrEnum):
    OPEN = "open"  # contact the reviewer at once, verify, classify
    INVALID_REQUESTED = "invalid_requested"  # waiting for the review office (复核)
    RECTIFYING = "rectifying"  # classified as reasonable: rectify within the limit
    AWAITING_CALLBACK = "awaiting_callback"  # rectified; a real-name review needs its callback
    CLOSED = "closed"
    INVALID = "invalid"  # the review office marked the review 无效差评


class Classification(StrEnum):
    SIMPLE = "simple"  # 情况清楚、诉求合理: 立行立改
    COMPLEX = "complex"  # 情况复杂: within N working days
    UNTRUE = "untrue"  # 不实评价
    MISTAKEN = "mistaken"  # 误评
    MALICIOUS = "malicious"  # 恶意差评


class Rectification(TimestampedModel):
    review: fields.OneToOneRelation[Review] = fields.OneToOneField(
        "models.Review", related_name="rectification", on_delete=fields.RESTRICT
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="rectifications", on_delete=fields.RESTRICT
    )
    # Copied from the review so statistics group rectifications without a join.
    stat_item_id = fields.BigIntField(null=True)
    stat_hall_id = fields.BigIntField(null=True)
    state = fields.CharEnumField(RectificationState, max_length=24, default=RectificationState.OPEN)
    real_name = fields.BooleanField(default=False)
    classification = fields.CharEnumField(Classification, max_length=16, null=True)
    clock_started_at = fields.DatetimeField()
    limit_working_days = fields.IntField()
    due_at = fields.DatetimeField(null=True, description="null while the review office decides")
    contacted_at = fields.DatetimeField(null=True)
    invalid_reason = fields.TextField(default="")
    invalid_requested_at = fields.DatetimeField(null=True)
    invalid_decided_at = fields.DatetimeField(null=True)
    invalid_decided_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="invalid_decisions",
        null=True,
        on_delete=fields.RESTRICT,
    )
    invalid_approved = fields.BooleanField(null=True)
    invalid_decision_note = fields.TextField(default="")
    extension_days = fields.IntField(null=True)
    # Shown to the reviewer (art. 37(3)).
    extension_reason = fields.TextField(default="")
    rectified_at = fields.DatetimeField(null=True)
    rectification_summary = fields.TextField(default="")
    # Copied at completion so the on-time rate is one comparison in SQL.
    rectified_on_time = fields.BooleanField(null=True)
    callback_at = fields.DatetimeField(null=True)
    callback_satisfied = fields.BooleanField(null=True)
    callback_note = fields.TextField(default="")
    closed_at = fields.DatetimeField(null=True)
    # The callback's outcome (art. 37(4)): satisfied, dissatisfied (reopened) or no_contact.
    callback_outcome = fields.CharField(max_length=16, default="")
    # A reached but dissatisfied reviewer reopens the rectification (art. 37(4)).
    reopened_count = fields.IntField(default=0)

    class Meta:
        table = "review_rectification"
        indexes = (("department_id", "state"), ("state", "created_at"))


class ContactMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    IN_APP = "in_app"
    VISIT = "visit"


class RectificationContact(Model):
    # Each try to reach the reviewer, by the rectifying department or the callback visitor.
    id = fields.BigIntField(primary_key=True)
    rectification: fields.ForeignKeyRelation[Rectification] = fields.ForeignKeyField(
        "models.Rectification", related_name="contacts", on_delete=fields.CASCADE
    )
    purpose = fields.CharField(max_length=16, description="verify or callback")
    at = fields.DatetimeField()
    staff: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="review_contacts", on_delete=fields.RESTRICT
    )
    method = fields.CharEnumField(ContactMethod, max_length=16)
    reached = fields.BooleanField()
    note = fields.TextField(default="")

    class Meta:
        table = "review_rectification_contact"
