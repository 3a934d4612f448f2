"""Booking a window visit (预约): slots per hall and item, bookings, queue numbers (取号),
and no-show suspensions. Seeds 001 §三, 002 art. 17.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.catalog import ServiceHall, ServiceItem
from models.people import Citizen


class SlotConfig(TimestampedModel):
    # A hall's own interval and capacity for one item (without a row the defaults apply).
    # Comments, not docstrings: tortoise turns a docstring into SQL and splits it at semicolons.

    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="slot_configs", on_delete=fields.CASCADE
    )
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="slot_configs", on_delete=fields.CASCADE
    )
    slot_minutes = fields.IntField()
    capacity = fields.IntField()
    enabled = fields.BooleanField(default=True)

    class Meta:
        table = "booking_slot_config"
        unique_together = (("hall", "item"),)


class Slot(Model):
    id = fields.BigIntField(primary_key=True)
    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="slots", on_delete=fields.CASCADE
    )
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="slots", on_delete=fields.CASCADE
    )
    day = fields.DateField(description="local date")
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    # Only ever changed by a conditional UPDATE (booked < capacity): never above capacity.
    booked = fields.IntField(default=0)

    class Meta:
        table = "booking_slot"
        unique_together = (("hall", "item", "starts_at"),)
        indexes = (("hall_id", "item_id", "day"),)


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Booking(TimestampedModel):
    code = fields.CharField(max_length=16, unique=True, description="typed or scanned at the hall")
    citizen: fields.ForeignKeyRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="bookings", on_delete=fields.RESTRICT
    )
    slot: fields.ForeignKeyRelation[Slot] = fields.ForeignKeyField(
        "models.Slot", related_name="bookings", on_delete=fields.RESTRICT
    )
    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="bookings", on_delete=fields.RESTRICT
    )
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="bookings", on_delete=fields.RESTRICT
    )
    day = fields.DateField()
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    status = fields.CharEnumField(BookingStatus, max_length=16, default=BookingStatus.BOOKED)
    # "citizen:item:day" while the booking holds its day, NULL otherwise: the unique index makes
    # a second booking of one item on one day impossible, whatever arrives at once.
    active_key = fields.CharField(max_length=64, null=True, unique=True)
    cancelled_at = fields.DatetimeField(null=True)
    checked_in_at = fields.DatetimeField(null=True)

    class Meta:
        table = "booking"
        indexes = (("citizen_id", "status"), ("status", "ends_at"))


class TicketKind(StrEnum):
    BOOKED = "booked"  # served first, label "A012"
    WALK_IN = "walk_in"  # label "B034"


class QueueCounter(Model):
    # The last number issued per hall, day and kind, incremented by a conditional UPDATE.

    id = fields.BigIntField(primary_key=True)
    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="queue_counters", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    kind = fields.CharEnumField(TicketKind, max_length=16)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "booking_queue_counter"
        unique_together = (("hall", "day", "kind"),)


class QueueTicket(Model):
    id = fields.BigIntField(primary_key=True)
    hall: fields.ForeignKeyRelation[ServiceHall] = fields.ForeignKeyField(
        "models.ServiceHall", related_name="queue_tickets", on_delete=fields.RESTRICT
    )
    day = fields.DateField()
    kind = fields.CharEnumField(TicketKind, max_length=16)
    number = fields.IntField()
    label = fields.CharField(max_length=8)
    booking: fields.OneToOneNullableRelation[Booking] = fields.OneToOneField(
        "models.Booking", related_name="ticket", null=True, on_delete=fields.RESTRICT
    )
    item: fields.ForeignKeyNullableRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="queue_tickets", null=True, on_delete=fields.RESTRICT
    )
    # Booked visitors are called by slot start, then walk-ins by number.
    priority_at = fields.DatetimeField()
    issued_by_staff_id = fields.BigIntField()
    issued_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "booking_queue_ticket"
        unique_together = (("hall", "day", "kind", "number"),)


class BookingSuspension(TimestampedModel):
    # Online booking is refused until `until` after repeated no-shows.

    citizen: fields.ForeignKeyRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="booking_suspensions", on_delete=fields.RESTRICT
    )
    since = fields.DatetimeField()
    until = fields.DatetimeField(db_index=True)
    no_shows = fields.IntField()

    class Meta:
        table = "booking_suspension"
        indexes = (("citizen_id", "until"),)
