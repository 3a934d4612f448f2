"""Days that differ from the national calendar: local closures, extra working days, and the
official schedule of a year the chinesecalendar package does not know yet."""

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"


class DaySource(StrEnum):
    OFFICIAL = "official"  # a year's State Council schedule loaded by an admin
    LOCAL = "local"  # a local closure or a locally declared working day


class CalendarDay(TimestampedModel):
    day = fields.DateField(unique=True)
    kind = fields.CharEnumField(DayKind, max_length=16)
    source = fields.CharEnumField(DaySource, max_length=16)
    name = fields.CharField(max_length=50, default="")

    class Meta:
        table = "calendar_day"
