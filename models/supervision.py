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


class CardColour(StrEnum):
    YELLOW = "yellow"  # the deadline is near
    RED = "red"  # the deadline has passed


class SupervisionCard(TimestampedModel):
    """One yellow or red card, issued once per deadline period and colour."""

    deadline: fields.ForeignKeyRelation[Deadline] = fields.ForeignKeyField(
        "models.Deadline", related_name="cards", on_delete=fields.CASCADE
    )
    # Copied from the deadline so listing by department needs no join.
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="cards", on_delete=fields.RESTRICT
    )
    colour = fields.CharEnumField(CardColour, max_length=8)
    issued_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    acknowledged_by = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="acknowledged_cards",
        null=True,
        on_delete=fields.SET_NULL,
    )
    acknowledged_at = fields.DatetimeField(null=True)
    # Set when the matter is done or its deadline starts a new period.
    cleared_at = fields.DatetimeField(null=True)

    class Meta:
        table = "supervision_card"
        indexes = (("department_id", "cleared_at"), ("cleared_at", "colour"))


class UrgingNotice(TimestampedModel):
    """A supervisor's urging notice (督办通知单) about a watched matter."""

    deadline: fields.ForeignKeyRelation[Deadline] = fields.ForeignKeyField(
        "models.Deadline", related_name="urgings", on_delete=fields.CASCADE
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="urgings", on_delete=fields.RESTRICT
    )
    issued_by = fields.ForeignKeyField(
        "models.StaffAccount", related_name="urgings_issued", on_delete=fields.RESTRICT
    )
    message = fields.TextField()
    respond_by = fields.DatetimeField(null=True)
    # The department's answer; a notice with respond_by is watched until it comes.
    responded_at = fields.DatetimeField(null=True)
    responded_by_id = fields.BigIntField(null=True)
    response = fields.TextField(default="")

    class Meta:
        table = "urging_notice"
