"""The audit trail: every state change, who made it, when, and the before/after values."""

from tortoise import fields
from tortoise.models import Model


class AuditRecord(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor_kind = fields.CharField(max_length=16, description="citizen, staff or system")
    actor_id = fields.BigIntField(null=True)
    action = fields.CharField(max_length=64)
    object_type = fields.CharField(max_length=32)
    object_id = fields.CharField(max_length=64)
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)
    note = fields.TextField(default="")
    request_id = fields.CharField(max_length=64, default="")

    class Meta:
        table = "audit_record"
        indexes = (("object_type", "object_id"),)
