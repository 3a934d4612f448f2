"""What a case carries besides its steps: how its result is delivered (送达), the special
procedures that pause its clock (seed 002 art. 11) and the fee its guide declares."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.cases import Case
from models.people import StaffAccount
from models.protected import EncryptedField


class DeliveryMethod(StrEnum):
    WINDOW = "window"  # 窗口领取, with a pick-up code
    POST = "post"  # 邮寄送达
    ELECTRONIC = "electronic"  # 电子送达: the e-certificate or the result file


class CaseDelivery(Model):
    """The method the applicant chose when applying, and the proof once delivered."""

    id = fields.BigIntField(primary_key=True)
    case: fields.OneToOneRelation[Case] = fields.OneToOneField(
        "models.Case", related_name="delivery", on_delete=fields.CASCADE
    )
    method = fields.CharEnumField(DeliveryMethod, max_length=16)
    # Personal data: shown masked; the handling department reads it whole to post the result.
    address = EncryptedField(max_length=300, default="")
    recipient_name = EncryptedField(max_length=100, default="")
    recipient_phone = EncryptedField(max_length=20, default="")
    # Shown to the applicant only; the window checks the one the applicant tells.
    pickup_code = fields.CharField(max_length=8, default="")
    tracking_number = fields.CharField(max_length=40, default="")
    delivered_at = fields.DatetimeField(null=True)
    proof = fields.JSONField(default=dict)

    class Meta:
        table = "case_delivery"


class ProcedureKind(StrEnum):
    HEARING = "hearing"  # 听证
    INSPECTION = "inspection"  # 检验检测
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审
    PUBLIC_NOTICE = "public_notice"  # 公示


class SpecialProcedure(Model):
    id = fields.BigIntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="special_procedures", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ProcedureKind, max_length=16)
    reason = fields.TextField()
    limit_working_days = fields.IntField()
    started_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)
    outcome = fields.TextField(default="")
    started_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="started_procedures", null=True,
        on_delete=fields.RESTRICT,
    )  # fmt: skip

    class Meta:
        table = "case_special_procedure"
        indexes = (("case_id", "ended_at"),)


class FeeState(StrEnum):
    DUE = "due"
    PAID = "paid"
    WAIVED = "waived"


class FeeMeans(StrEnum):
    ONLINE = "online"  # 网上支付
    WINDOW = "window"  # 窗口缴纳
    BANK = "bank"  # 银行代收
    OTHER = "other"


class CaseFee(Model):
    """The fee the guide declared when the case was submitted, and how it was settled."""

    id = fields.BigIntField(primary_key=True)
    case: fields.OneToOneRelation[Case] = fields.OneToOneField(
        "models.Case", related_name="fee", on_delete=fields.CASCADE
    )
    amount_cents = fields.IntField()
    state = fields.CharEnumField(FeeState, max_length=8, default=FeeState.DUE)
    means = fields.CharEnumField(FeeMeans, max_length=8, null=True)
    reference = fields.CharField(max_length=64, default="")
    waiver_reason = fields.TextField(default="")
    recorded_at = fields.DatetimeField(null=True)
    recorded_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="recorded_fees", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "case_fee"
