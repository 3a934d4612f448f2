"""Applications (办件): the case, its timeline and the daily case-number counter.

Seeds 000 §二(三), 002 arts. 16-18: accept → review → close, every step with time, department
and note; online and walk-in cases follow the same flow.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.catalog import ServiceItem
from models.people import Citizen, Department, StaffAccount
from models.protected import EncryptedField


class CaseStatus(StrEnum):
    SUBMITTED = "submitted"  # 申请
    PRE_REVIEW = "pre_review"  # 预审
    ACCEPTED = "accepted"  # 受理
    NOT_ACCEPTED = "not_accepted"  # 不予受理
    CORRECTION_NEEDED = "correction_needed"  # 补正
    UNDER_REVIEW = "under_review"  # 审查
    APPROVED = "approved"  # 决定: 准予
    DENIED = "denied"  # 决定: 不予
    DELIVERED = "delivered"  # 送达 / 办结
    WITHDRAWN = "withdrawn"  # 撤回: the applicant withdrew before a decision
    CORRECTION_EXPIRED = "correction_expired"  # 补正逾期: the correction was never answered


class CaseChannel(StrEnum):
    ONLINE = "online"  # the citizen applied in the mini-program
    WINDOW = "window"  # a clerk registered a walk-in at the hall


class Case(TimestampedModel):
    case_no = fields.CharField(max_length=20, unique=True)
    # sha256 of the case number and the lookup secret; the secret itself is shown once.
    lookup_secret_hash = fields.CharField(max_length=64)
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="cases", on_delete=fields.RESTRICT
    )
    item_version = fields.IntField()
    item_name = fields.CharField(max_length=200)
    # The limit promised when the citizen applied; a later edit of the item does not change it.
    promised_limit_days = fields.IntField()
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="cases", on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(CaseChannel, max_length=16)
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    registered_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="registered_cases", null=True, on_delete=fields.RESTRICT
    )
    # Kept whole for the handling department, shown masked in every view.
    applicant_name = EncryptedField(max_length=100)
    applicant_phone = EncryptedField(max_length=20, default="")
    applicant_id_number = EncryptedField(max_length=18, default="")
    # Keyed hash of the ID number (never the number): finds walk-in cases of a verified person.
    applicant_id_hash = fields.CharField(max_length=64, null=True, db_index=True)
    form = fields.JSONField(default=dict)
    # [{name, ref}]: references to uploaded files, not the files.
    materials = fields.JSONField(default=list)
    status = fields.CharEnumField(CaseStatus, max_length=24, default=CaseStatus.SUBMITTED)
    # While waiting for correction: the status to return to, and what is missing (一次性告知).
    resume_status = fields.CharEnumField(CaseStatus, max_length=24, null=True)
    correction_materials = fields.JSONField(default=list)
    paused_remaining_days = fields.IntField(null=True)
    corrections_requested = fields.IntField(default=0)
    decision_reason = fields.TextField(default="")
    step_count = fields.IntField(default=0)
    submitted_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    # Mirrors the Deadline row (which supervision reads) for department views and filters.
    due_at = fields.DatetimeField(null=True)

    class Meta:
        table = "service_case"
        indexes = (
            ("department_id", "status"),
            ("department_id", "due_at"),
            ("citizen_id", "submitted_at"),
        )


class CaseTimelineEntry(Model):
    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="timeline", on_delete=fields.CASCADE
    )
    seq = fields.IntField()
    at = fields.DatetimeField()
    action = fields.CharField(max_length=32)
    status = fields.CharEnumField(CaseStatus, max_length=24)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="case_steps", on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="case_steps", null=True, on_delete=fields.RESTRICT
    )
    actor_kind = fields.CharField(max_length=16)
    note = fields.TextField(default="")
    details = fields.JSONField(default=dict)

    class Meta:
        table = "case_timeline_entry"
        unique_together = (("case", "seq"),)


# One row per local day: its row lock serialises numbering across servers.
class CaseNumberCounter(Model):
    day = fields.CharField(max_length=8, primary_key=True)
    last_seq = fields.IntField(default=0)

    class Meta:
        table = "case_number_counter"


class ConsentScope(StrEnum):
    CASE_NOTICES = "case_notices"  # notices of this case's steps, by SMS


class CaseContactConsent(Model):
    """The applicant agreed, at the window, to be told of this case at this number.

    Kept with the case: what was agreed (scope), when, and which clerk recorded it. Notices
    read the number from here, so a withdrawn consent stops them.
    """

    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="contact_consents", on_delete=fields.CASCADE
    )
    scope = fields.CharEnumField(ConsentScope, max_length=24)
    phone = EncryptedField(max_length=20)
    given_at = fields.DatetimeField()
    recorded_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="recorded_consents",
        null=True,
        on_delete=fields.RESTRICT,
    )
    withdrawn_at = fields.DatetimeField(null=True)

    class Meta:
        table = "case_contact_consent"
        unique_together = (("case", "scope"),)
