"""Who uses the system: citizens (by WeChat openid), departments and their staff."""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel


class StaffRole(StrEnum):
    CLERK = "clerk"  # 窗口人员: walk-ins, check-in, queue numbers
    HANDLER = "handler"  # 办理人员: accepts, reviews and decides matters of their department
    SUPERVISOR = "supervisor"  # 电子监察: sees every department, urges, reviews
    CALLBACK_VISITOR = "callback_visitor"  # 回访员
    ADMIN = "admin"  # settings, calendar, accounts


class Department(TimestampedModel):
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=100)
    region = fields.CharField(max_length=100, description="county or city the department serves")
    parent = fields.ForeignKeyField(
        "models.Department", related_name="children", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "department"


class Citizen(TimestampedModel):
    openid = fields.CharField(max_length=64, unique=True)
    unionid = fields.CharField(max_length=64, null=True, db_index=True)
    # Filled by later steps (phone binding, real-name checks); kept whole, shown masked.
    real_name = fields.CharField(max_length=50, null=True)
    phone = fields.CharField(max_length=20, null=True)
    id_number = fields.CharField(max_length=18, null=True)
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
    phone = fields.CharField(max_length=20, null=True)
    active = fields.BooleanField(default=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_account"

    def has_role(self, role: StaffRole) -> bool:
        return role.value in self.roles
