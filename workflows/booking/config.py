"""A hall sets its own slot interval and capacity per item, or stops taking bookings for it."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.errors import ValidationFailed
from models.booking import Slot, SlotConfig
from models.catalog import ServiceHall, ServiceItem
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.clock import as_utc


async def configure_slots(
    principal: Principal,
    hall: ServiceHall,
    item: ServiceItem,
    *,
    slot_minutes: int,
    capacity: int,
    enabled: bool,
    now: datetime,
) -> tuple[SlotConfig, int]:
    """Save the rule; future slots already generated take the new capacity, never below what is
    booked (existing bookings stand). A new interval applies to days not generated yet."""
    if capacity < 1 and enabled:
        raise ValidationFailed("capacity must be at least 1", fields={"capacity": ">= 1"})
    async with in_transaction():
        config = await SlotConfig.get_or_none(hall_id=hall.id, item_id=item.id)
        before = _view(config)
        if config is None:
            config = await SlotConfig.create(
                hall_id=hall.id,
                item_id=item.id,
                slot_minutes=slot_minutes,
                capacity=capacity,
                enabled=enabled,
            )
        else:
            config.update_from_dict(
                {"slot_minutes": slot_minutes, "capacity": capacity, "enabled": enabled}
            )
            await config.save()
        future = Slot.filter(hall_id=hall.id, item_id=item.id, starts_at__gt=as_utc(now))
        changed = await future.filter(booked__lte=capacity).update(capacity=capacity)
        changed += await future.filter(booked__gt=capacity).update(capacity=F("booked"))
        await record_change(
            principal.actor,
            "booking.slots_configured",
            "slot_config",
            config.id,
            before=before,
            after=_view(config),
        )
    return config, changed


def _view(config: SlotConfig | None) -> dict[str, object] | None:
    if config is None:
        return None
    return {
        "hall_id": config.hall_id,  # type: ignore[attr-defined]
        "item_id": config.item_id,  # type: ignore[attr-defined]
        "slot_minutes": config.slot_minutes,
        "capacity": config.capacity,
        "enabled": config.enabled,
    }
