"""Who uses the system: citizens (by WeChat openid), departments and their staff."""

from enum import IntEnum, StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.protected import EncryptedField


class StaffRole(StrEnum):
    CLERK = "clerk"  # 窗口人员: walk-ins, check-in, queue numbers
    HANDLER = "handler"  # 办理人员: accepts, reviews and decides matters of their department
    SUPERVISOR = "supervisor"  # 电子监察: sees every department, urges, reviews
    CALLBACK_VISITOR = "callback_visitor"  # 回访员
    # 三员分立 (seed 002 art. 43): three administrators, no account holds two of them.
    ADMIN = "admin"  # 系统管理员: settings, calendar, accounts
    SECURITY_ADMIN = "security_admin"  # 安全管理员: roles and permissions
    AUDIT_ADMIN = "audit_admin"  # 审计管理员: reads the audit trail, nothing else


class AssuranceLevel(IntEnum):
    """How sure we are who a citizen is (seed 003 统一身份认证, seed 004 用户注册实名化)."""

    L0 = 0  # a WeChat openid, nothing more
    L1 = 1  # phone number verified by WeChat (getPhoneNumber)
    L2 = 2  # identity verified by the province's unified identity platform
    L3 = 3  # face-verified against that identity (WeChat 人脸核身)


class Department(TimestampedModel):
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=100)
    region = fields.CharField(max_length=100, description="county or city the department serves")
    parent = fields.ForeignKeyField(
        "models.Department", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    # Where in the region tree it sits (models/regions.py); unset only on rows that predate it.
    region_node = fields.ForeignKeyField(
        "models.Region", related_name="departments", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "department"


class Citizen(TimestampedModel):
    openid = fields.CharField(max_length=64, unique=True)
    unionid = fields.CharField(max_length=64, null=True, db_index=True)
    # Only ever from WeChat or the identity platform, never typed in; kept whole, shown masked.
    real_name = EncryptedField(max_length=50, null=True)
    phone = EncryptedField(max_length=20, null=True)
    id_number = EncryptedField(max_length=18, null=True)
    assurance = fields.IntEnumField(AssuranceLevel, default=AssuranceLevel.L0)
    # How and when each level was reached (the audit trail has the full history).
    phone_verified_at = fields.DatetimeField(null=True)
    phone_verified_via = fields.CharField(max_length=32, null=True)
    identity_verified_at = fields.DatetimeField(null=True)
    identity_verified_via = fields.CharField(max_length=32, null=True)
    face_verified_at = fields.DatetimeField(null=True)
    face_verified_via = fields.CharField(max_length=32, null=True)
    # One platform identity, one citizen: its subject and the keyed hash of its ID number.
    idp_subject = fields.CharField(max_length=128, unique=True, null=True)
    id_number_hash = fields.CharField(max_length=64, unique=True, null=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "citizen"


class StaffAccount(TimestampedModel):
    username = fields.CharField(max_length=50, unique=True)
    password_hash = fields.CharField(max_length=200)
    name = fields.CharField(max_length=50)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="staff", on_delete=fields.RESTRICT
    )
    # A short list of StaffRole values; small enough that checks happen in Python.
    roles = fields.JSONField(default=list)
    wecom_userid = fields.CharField(max_length=64, unique=True, null=True)
    # An admin may limit an account to WeChat Work sign-in; password sign-in stays by default.
    password_login_allowed = fields.BooleanField(default=True)
    phone = EncryptedField(max_length=20, null=True)
    active = fields.BooleanField(default=True)
    last_login_at = fields.DatetimeField(null=True)
    # A supervisor's scope is this region's subtree; unset: the department's region.
    region_node = fields.ForeignKeyField(
        "models.Region", related_name="staff", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "staff_account"

    def has_role(self, role: StaffRole) -> bool:
        return role.value in self.roles
