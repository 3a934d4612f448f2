"""Keeping personal data: key canaries, the audit chain's head, citizens' correction requests."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.protected import EncryptedField


class KeyCanary(Model):
    """A known text sealed under each key that has encrypted data: at start, each must open
    with the configured key of that id, or the process refuses to start (a wrong key would
    otherwise read as errors everywhere, or write data nobody can read later)."""

    key_id = fields.CharField(max_length=16, primary_key=True)
    sealed = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "key_canary"


class AuditChainHead(Model):
    """The one stream of the audit chain: the last sealed entry, and where it starts after
    the retention job dropped the oldest entries (their last hash is kept as the base)."""

    id = fields.IntField(primary_key=True)
    last_seq = fields.BigIntField(default=0)
    last_hash = fields.CharField(max_length=64)
    base_seq = fields.BigIntField(default=0)
    base_hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_chain_head"


class CorrectionState(StrEnum):
    OPEN = "open"
    CORRECTED = "corrected"
    REFUSED = "refused"


class CorrectionRequest(TimestampedModel):
    """A citizen asks that personal data held about them be corrected (PIPL art. 46)."""

    citizen = fields.ForeignKeyField(
        "models.Citizen", related_name="correction_requests", on_delete=fields.RESTRICT
    )
    field = fields.CharField(max_length=32)
    proposed = EncryptedField(max_length=100, default="")
    reason = EncryptedField(max_length=500, default="")
    state = fields.CharEnumField(CorrectionState, max_length=16, default=CorrectionState.OPEN)
    handled_by_id = fields.BigIntField(null=True)
    handled_at = fields.DatetimeField(null=True)
    answer = fields.TextField(default="")

    class Meta:
        table = "correction_request"
