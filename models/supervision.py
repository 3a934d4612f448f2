"""Every timed matter's deadline in one table, so supervision finds the near and the overdue
with one indexed query whatever the matter is (case, ticket, rectification, ...)."""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.people import Department


class DeadlineState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"  # the clock stops while waiting for the citizen (补正)
    DONE = "done"


class Deadline(TimestampedModel):
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.BigIntField()
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="deadlines", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=200)
    state = fields.CharEnumField(DeadlineState, max_length=16, default=DeadlineState.RUNNING)
    due_at = fields.DatetimeField(null=True, description="null while paused")
    limit_working_days = fields.IntField()
    started_at = fields.DatetimeField()
    done_at = fields.DatetimeField(null=True)
    yellow_card_at = fields.DatetimeField(null=True)
    red_card_at = fields.DatetimeField(null=True)

    class Meta:
        table = "deadline"
        unique_together = (("subject_type", "subject_id"),)
        indexes = (("state", "due_at"),)
