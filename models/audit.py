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
    # The SM3 chain (workflows/protection/chain.py): set when the entry is sealed, in seal order.
    seq = fields.BigIntField(null=True, unique=True)
    prev_hash = fields.CharField(max_length=64, null=True)
    entry_hash = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "audit_record"
        indexes = (("object_type", "object_id"),)
