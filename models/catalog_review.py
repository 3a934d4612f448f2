"""Reviewed catalog changes (seed 002 arts. 10, 12, 13; seed 000 §二(一)).

A change to an item citizens can see is a draft until the supervising office approves it; a
change of the underlying lists opens a 10-working-day alignment; a suspension is announced.
"""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.catalog import ServiceItem
from models.people import Department


class ChangeState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # a newer draft of the same item replaced it


class ItemChange(TimestampedModel):
    """A proposed edit of a published (or suspended) item, the live item unchanged meanwhile."""

    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="changes", on_delete=fields.CASCADE
    )
    base_version = fields.IntField(description="item version the draft was made from")
    # The guide fields as they would be after approval, department_id included.
    proposed = fields.JSONField()
    state = fields.CharEnumField(ChangeState, max_length=16, default=ChangeState.PENDING)
    submitted_by_id = fields.BigIntField()
    submitted_at = fields.DatetimeField()
    decided_by_id = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="", description="reason of the reviewer, required to reject")

    class Meta:
        table = "item_change"
        indexes = (("state", "item_id"),)


class AlignmentState(StrEnum):
    OPEN = "open"
    DONE = "done"


class CatalogAlignment(TimestampedModel):
    """A changed list (权责清单, 行政许可事项清单 ...) the catalog must follow within the limit."""

    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="catalog_alignments", on_delete=fields.RESTRICT
    )
    list_name = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    list_changed_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    recorded_by_id = fields.BigIntField()
    state = fields.CharEnumField(AlignmentState, max_length=16, default=AlignmentState.OPEN)
    done_at = fields.DatetimeField(null=True)
    done_by_id = fields.BigIntField(null=True)
    done_note = fields.TextField(default="")

    class Meta:
        table = "catalog_alignment"


class Announcement(TimestampedModel):
    """A public notice about the catalog (art. 13: suspending a service is announced)."""

    item: fields.ForeignKeyNullableRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="announcements", null=True, on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=32, description="item_suspended, item_terminated, ...")
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    published_at = fields.DatetimeField()
    published_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "announcement"
        indexes = (("published_at",),)
