"""listSlots' explicit statements read what the ORM reads: the hall and the published item it
serves, the slot rule, and the slots of the bookable days."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tortoise.models import Model

from core.appkeys import SETTINGS
from core.errors import NotFound
from models.booking import Slot, SlotConfig
from models.catalog import ItemStatus, ServiceHall, ServiceItem
from tests.booking.support import local, make_item, slots_of
from workflows.booking.slots import SLOT_COLUMNS, hall_and_item, slot_rows, slot_rule


def stored(instance: Model) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in instance._meta.fields_db_projection}


async def test_the_hall_and_its_item_are_the_orms_or_not_found_alike(
    hall: ServiceHall, item: ServiceItem
) -> None:
    fast_hall, fast_item = await hall_and_item(hall.id, item.id)
    orm_hall = await ServiceHall.get(id=hall.id)
    orm_item = await orm_hall.items.filter(id=item.id, status=ItemStatus.PUBLISHED).first()
    assert stored(fast_hall) == stored(orm_hall) and fast_hall.opening_hours["mon"]
    assert orm_item is not None and stored(fast_item) == stored(orm_item)

    elsewhere = await make_item("ITEM-ELSEWHERE", await hall.department)  # not served here
    draft = await ServiceItem.get(code="ITEM-2")
    draft.status = ItemStatus.DRAFT
    await draft.save()
    for hall_id, item_id, code in (
        (hall.id + 1000, item.id, "hall_not_found"),
        (hall.id, elsewhere.id, "item_not_served"),
        (hall.id, draft.id, "item_not_served"),
        (hall.id, item.id + 1000, "item_not_served"),
    ):
        with pytest.raises(NotFound) as refused:
            await hall_and_item(hall_id, item_id)
        assert refused.value.code == code


async def test_the_slot_rule_is_the_configured_one_or_the_default(
    app: Any, hall: ServiceHall, item: ServiceItem
) -> None:
    settings = app[SETTINGS].booking
    default = await slot_rule(hall.id, item.id, settings)
    assert (default.slot_minutes, default.capacity, default.enabled) == (
        settings.slot_minutes, settings.slot_capacity, True,
    )  # fmt: skip
    await SlotConfig.create(hall=hall, item=item, slot_minutes=45, capacity=3, enabled=False)
    rule = await slot_rule(hall.id, item.id, settings)
    assert (rule.slot_minutes, rule.capacity, rule.enabled) == (45, 3, False)
    other = await ServiceItem.get(code="ITEM-2")
    assert (await slot_rule(hall.id, other.id, settings)) == default


async def test_slot_rows_are_the_orms_values_for_the_days_asked(
    client: Any, hall: ServiceHall, item: ServiceItem, frozen_clock: Any, quick_citizen: Any
) -> None:
    frozen_clock.set(local(2026, 9, 30, 10, 0))
    await slots_of(client, await quick_citizen("o-1"), hall, item)  # generates the week
    first, last = date(2026, 9, 30), date(2026, 10, 9)
    expected = (
        await Slot.filter(hall_id=hall.id, item_id=item.id, day__gte=first, day__lte=last)
        .order_by("starts_at")
        .values(*SLOT_COLUMNS)
    )
    rows = [dict(row) for row in await slot_rows(hall.id, item.id, first, last)]
    assert rows == expected and len(rows) > 8
    assert [type(rows[0][c]) for c in SLOT_COLUMNS] == [type(expected[0][c]) for c in SLOT_COLUMNS]
    assert rows[0]["starts_at"].utcoffset() is not None
    assert await slot_rows(hall.id, item.id, date(2027, 1, 1), date(2027, 1, 2)) == []
