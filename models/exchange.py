"""The provincial exchange (互联互通, seed 000): items linked to the provincial catalog, the
province's changes waiting to be implemented (drafts), announcements of withdrawn items,
complaints dispatched from 12345 or the national platform, and the daily reconciliations."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.catalog import ServiceItem
from models.tickets import Ticket


class ProvinceItem(TimestampedModel):
    """One local item as the province's catalog keys it: its provincial code and version."""

    item: fields.OneToOneRelation[ServiceItem] = fields.OneToOneField(
        "models.ServiceItem", related_name="province_link", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=64, unique=True, description="provincial code")
    version = fields.IntField(description="the newest provincial version received")
    withdrawn = fields.BooleanField(default=False)
    synced_at = fields.DatetimeField()

    class Meta:
        table = "exchange_province_item"


class DraftState(StrEnum):
    PENDING = "pending"  # to be implemented locally within the art. 10 limit
    APPLIED = "applied"
    SUPERSEDED = "superseded"  # a newer provincial version replaced it before it was applied


class ItemDraft(TimestampedModel):
    """A province-side change of an item, waiting to be implemented here (seed 002 art. 10).

    A minimal draft of the exchange's own; catalog drafts of local edits are built elsewhere and
    the two are to be unified.
    """

    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="province_drafts", on_delete=fields.CASCADE
    )
    provincial_version = fields.IntField()
    # The province-owned fields in our names (workflows/exchange/inbound_map.py).
    changes = fields.JSONField()
    state = fields.CharEnumField(DraftState, max_length=16, default=DraftState.PENDING)
    source = fields.CharField(max_length=8, description="push or pull")
    received_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    applied_at = fields.DatetimeField(null=True)
    applied_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "exchange_item_draft"
        indexes = (("item_id", "state"),)


class ComplaintSource(StrEnum):
    PROVINCE_12345 = "12345"  # the provincial 12345 hotline platform
    NATIONAL = "national"  # the national government-service platform (互联网+督查 among it)


class DispatchedComplaint(TimestampedModel):
    """A ticket that came from a higher platform, with that platform's number and deadline."""

    ticket: fields.OneToOneRelation[Ticket] = fields.OneToOneField(
        "models.Ticket", related_name="dispatch", on_delete=fields.CASCADE
    )
    source = fields.CharEnumField(ComplaintSource, max_length=16)
    external_no = fields.CharField(max_length=64)
    external_due_at = fields.DatetimeField()
    received_at = fields.DatetimeField()

    class Meta:
        table = "exchange_dispatched_complaint"
        unique_together = (("source", "external_no"),)


class Reconciliation(Model):
    """One local day's case steps compared with what the province holds, and what was re-sent."""

    id = fields.BigIntField(primary_key=True)
    day = fields.CharField(max_length=10, description="local date, YYYY-MM-DD")
    ran_at = fields.DatetimeField()
    local_count = fields.IntField()
    remote_count = fields.IntField()
    local_checksum = fields.CharField(max_length=64)
    remote_checksum = fields.CharField(max_length=64)
    missing = fields.IntField(description="ours the province lacks (re-sent)")
    unknown = fields.IntField(description="the province's we do not have")

    class Meta:
        table = "exchange_reconciliation"
        indexes = (("day", "ran_at"),)
