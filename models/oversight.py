"""What supervisors follow up beyond cards: accountability (问责) and spot checks (抽查).

Seed 000 §三(二): serious cases lead to accountability; seed 002 art. 30: the management office
spot-checks how complaints were handled and follows the rectification up.
"""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.people import Department
from models.tickets import Ticket


class AccountabilityState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AccountabilityRecord(TimestampedModel):
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="accountability_records", on_delete=fields.RESTRICT
    )
    period_start = fields.DatetimeField()
    period_end = fields.DatetimeField()
    red_cards = fields.IntField()
    # The red cards that led to it, so the same cards never count for a second record.
    card_ids = fields.JSONField(default=list)
    state = fields.CharEnumField(
        AccountabilityState, max_length=16, default=AccountabilityState.OPEN
    )
    outcome = fields.TextField(default="")
    closed_by_id = fields.BigIntField(null=True)
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "accountability_record"
        indexes = (("department_id", "period_end"),)


class SpotCheck(TimestampedModel):
    """One draw of closed complaints of a period, repeatable from its seed."""

    period_start = fields.DatetimeField()
    period_end = fields.DatetimeField()
    seed = fields.CharField(max_length=64)
    sample_size = fields.IntField()
    population = fields.IntField(description="closed complaints in the period")
    drawn_by_id = fields.BigIntField()
    drawn_at = fields.DatetimeField()
    # The region the drawer supervises (its code); NULL: drawn over every region. Only
    # supervisors whose region contains it see the check, as with every other matter.
    scope_root = fields.CharField(max_length=12, null=True)

    class Meta:
        table = "spot_check"


class FindingResult(StrEnum):
    PENDING = "pending"
    OK = "ok"
    PROBLEM = "problem"


class SpotCheckFinding(TimestampedModel):
    spot_check: fields.ForeignKeyRelation[SpotCheck] = fields.ForeignKeyField(
        "models.SpotCheck", related_name="findings", on_delete=fields.CASCADE
    )
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="spot_findings", on_delete=fields.CASCADE
    )
    result = fields.CharEnumField(FindingResult, max_length=16, default=FindingResult.PENDING)
    text = fields.TextField(default="")
    checked_by_id = fields.BigIntField(null=True)
    checked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "spot_check_finding"
        unique_together = (("spot_check", "ticket"),)
