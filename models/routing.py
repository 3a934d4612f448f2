"""Routing a matter between windows and departments (DOMAIN.md "Levels and routing").

- HallPost: a staff account's post at a hall: its comprehensive window (综合窗口, 一窗受理,
  seed 003, 004 §二) or its agent desk (代办员 of a township centre or village point, 004 §四(三)).
- ItemHandler: departments besides the item's own that may handle it (转办 targets).
- CaseRouting: how a case came in (window, on someone's behalf) and where it went.
- Reassignment: one 转办 of a case or a ticket.
- ParallelPart: a co-department's part of a case run in parallel (并联, 001 §三(三)1).
- Bundle, BundleMember, BundleApplication, BundleApplicationMember: 一件事一次办 (002 art. 19).
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.protected import EncryptedField


class PostKind(StrEnum):
    COMPREHENSIVE_WINDOW = "comprehensive_window"  # 综合窗口
    AGENT = "agent"  # 代办员


class HallPost(TimestampedModel):
    staff = fields.ForeignKeyField(
        "models.StaffAccount", related_name="hall_posts", on_delete=fields.CASCADE
    )
    hall = fields.ForeignKeyField(
        "models.ServiceHall", related_name="posts", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(PostKind, max_length=24)

    class Meta:
        table = "hall_post"
        unique_together = (("staff", "hall", "kind"),)


class ItemHandler(Model):
    id = fields.BigIntField(primary_key=True)
    item = fields.ForeignKeyField(
        "models.ServiceItem", related_name="extra_handlers", on_delete=fields.CASCADE
    )
    department = fields.ForeignKeyField(
        "models.Department", related_name="handled_items", on_delete=fields.CASCADE
    )

    class Meta:
        table = "item_handler"
        unique_together = (("item", "department"),)


class CaseRouting(TimestampedModel):
    case = fields.OneToOneField("models.Case", related_name="routing", on_delete=fields.CASCADE)
    hall = fields.ForeignKeyField(
        "models.ServiceHall", related_name="routed_cases", null=True, on_delete=fields.RESTRICT
    )
    received_by = fields.ForeignKeyField(
        "models.StaffAccount", related_name="received_cases", null=True, on_delete=fields.RESTRICT
    )
    dispatched_at = fields.DatetimeField(null=True)
    on_behalf = fields.BooleanField(default=False)
    # The reference of the citizen's signed authorisation (委托书) for 代办.
    consent_ref = fields.CharField(max_length=200, default="")

    class Meta:
        table = "case_routing"
        indexes = (("received_by_id", "created_at"),)


class Reassignment(Model):
    id = fields.BigIntField(primary_key=True)
    subject_type = fields.CharField(max_length=16)  # case | ticket
    subject_id = fields.BigIntField()
    from_department = fields.ForeignKeyField(
        "models.Department", related_name="reassigned_from", on_delete=fields.RESTRICT
    )
    to_department = fields.ForeignKeyField(
        "models.Department", related_name="reassigned_to", on_delete=fields.RESTRICT
    )
    reason = fields.TextField()
    clock = fields.CharField(max_length=16)  # continue | restart
    by_staff_id = fields.BigIntField()
    at = fields.DatetimeField()

    class Meta:
        table = "reassignment"
        indexes = (("subject_type", "subject_id"),)


class PartState(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"


class Opinion(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"


class ParallelPart(TimestampedModel):
    case = fields.ForeignKeyField(
        "models.Case", related_name="parallel_parts", on_delete=fields.CASCADE
    )
    department = fields.ForeignKeyField(
        "models.Department", related_name="parallel_parts", on_delete=fields.RESTRICT
    )
    limit_working_days = fields.IntField()
    started_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    state = fields.CharEnumField(PartState, max_length=16, default=PartState.PENDING)
    opinion = fields.CharEnumField(Opinion, max_length=16, null=True)
    text = fields.TextField(default="")
    answered_by_id = fields.BigIntField(null=True)
    answered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "case_parallel_part"
        unique_together = (("case", "department"),)
        indexes = (("department_id", "state"),)


class BundleOrder(StrEnum):
    PARALLEL = "parallel"
    SEQUENCE = "sequence"


class Bundle(TimestampedModel):
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    order = fields.CharEnumField(BundleOrder, max_length=16)

    class Meta:
        table = "bundle"


class BundleMember(Model):
    id = fields.BigIntField(primary_key=True)
    bundle = fields.ForeignKeyField(
        "models.Bundle", related_name="members", on_delete=fields.CASCADE
    )
    item = fields.ForeignKeyField(
        "models.ServiceItem", related_name="bundle_memberships", on_delete=fields.RESTRICT
    )
    position = fields.IntField()

    class Meta:
        table = "bundle_member"
        unique_together = (("bundle", "position"), ("bundle", "item"))


class BundleApplication(TimestampedModel):
    bundle = fields.ForeignKeyField(
        "models.Bundle", related_name="applications", on_delete=fields.RESTRICT
    )
    order = fields.CharEnumField(BundleOrder, max_length=16)
    citizen = fields.ForeignKeyField(
        "models.Citizen", related_name="bundle_applications", null=True, on_delete=fields.RESTRICT
    )
    received_by = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="received_bundles",
        null=True,
        on_delete=fields.RESTRICT,
    )
    hall = fields.ForeignKeyField(
        "models.ServiceHall",
        related_name="bundle_applications",
        null=True,
        on_delete=fields.RESTRICT,
    )
    # What the members' later cases are made from (in sequence they start one after another):
    # the applicant's name, phone, ID number and address, so JSON sealed like any personal field.
    application = EncryptedField(default="")
    acceptance_days = fields.IntField()
    submitted_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    outcome = fields.CharField(max_length=16, default="")  # "" | approved | not_approved

    class Meta:
        table = "bundle_application"


class BundleApplicationMember(Model):
    id = fields.BigIntField(primary_key=True)
    application = fields.ForeignKeyField(
        "models.BundleApplication", related_name="members", on_delete=fields.CASCADE
    )
    item = fields.ForeignKeyField(
        "models.ServiceItem", related_name="bundle_application_members", on_delete=fields.RESTRICT
    )
    position = fields.IntField()
    case = fields.OneToOneField(
        "models.Case", related_name="bundle_member", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "bundle_application_member"
        unique_together = (("application", "position"),)
