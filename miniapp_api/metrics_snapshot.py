"""Gauges read from the database when Prometheus scrapes: the outbox's backlog and the cards.

Each query is grouped and touches only indexed, unfinished rows (the outbox keeps sent rows for
ever, so counting those would grow without end).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Gauge
from tortoise.functions import Count, Min

from models.outbox import Channel, OutboxMessage, OutboxStatus
from models.supervision import CardColour, SupervisionCard

log = logging.getLogger(__name__)
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


async def snapshot_registry(now: datetime | None = None) -> CollectorRegistry:
    """The figures, or only `miniapp_metrics_database_up 0` while the database cannot answer:
    the scrape still succeeds, with the process's latency and login counters, when they matter."""
    try:
        return await _figures(now or datetime.now(UTC))
    except Exception as error:  # any failure: the database's own log has the cause
        log.warning("metrics: database figures unavailable (%s)", type(error).__name__)
        registry = CollectorRegistry(auto_describe=True)
        _database_up(registry).set(0)
        return registry


def _database_up(registry: CollectorRegistry) -> Gauge:
    return Gauge(
        "miniapp_metrics_database_up",
        "1 when this scrape could read the outbox and card figures from the database",
        registry=registry,
    )


async def _figures(now: datetime) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=True)
    backlog = Gauge(
        "miniapp_outbox_backlog",
        "Messages not yet delivered (pending or being sent), by channel",
        ["channel"],
        registry=registry,
    )
    oldest = Gauge(
        "miniapp_outbox_oldest_age_seconds",
        "How long the longest-waiting due message has been due, by channel (0: none waiting); "
        "messages held back on purpose (quiet hours, retry backoff) count from when they fall due",
        ["channel"],
        registry=registry,
    )
    dead = Gauge(
        "miniapp_outbox_dead",
        "Messages that ran out of tries and wait for an admin to re-send them, by channel",
        ["channel"],
        registry=registry,
    )
    issued = Gauge(
        "miniapp_supervision_cards_issued",
        "Yellow and red supervision cards issued so far, by colour",
        ["colour"],
        registry=registry,
    )
    open_cards = Gauge(
        "miniapp_supervision_cards_open",
        "Supervision cards whose matter is not yet done, by colour",
        ["colour"],
        registry=registry,
    )
    for channel in Channel:  # every series exists, at 0, so alerts need no absent()
        backlog.labels(channel.value).set(0)
        oldest.labels(channel.value).set(0)
        dead.labels(channel.value).set(0)
    for colour in CardColour:
        issued.labels(colour.value).set(0)
        open_cards.labels(colour.value).set(0)

    for row in await _grouped(OutboxMessage.filter(status__in=WAITING), "channel"):
        backlog.labels(row["channel"]).set(row["n"])
    due = OutboxMessage.filter(status__in=WAITING, next_attempt_at__lte=now)
    for row in await _grouped(due, "channel", first=Min("next_attempt_at")):
        since = _as_datetime(row["first"])
        if since is not None:
            oldest.labels(row["channel"]).set(max(0.0, (now - since).total_seconds()))
    for row in await _grouped(OutboxMessage.filter(status=OutboxStatus.DEAD), "channel"):
        dead.labels(row["channel"]).set(row["n"])
    for row in await _grouped(SupervisionCard.all(), "colour"):
        issued.labels(row["colour"]).set(row["n"])
    for row in await _grouped(SupervisionCard.filter(cleared_at=None), "colour"):
        open_cards.labels(row["colour"]).set(row["n"])
    _database_up(registry).set(1)
    return registry


async def _grouped(query: Any, by: str, **extra: Any) -> list[dict[str, Any]]:
    rows = await query.annotate(n=Count("id"), **extra).group_by(by).values(by, "n", *extra)
    for row in rows:
        row[by] = getattr(row[by], "value", row[by])  # enum members and plain strings alike
    return rows


def _as_datetime(value: Any) -> datetime | None:
    # An aggregate comes back as text on SQLite and as a datetime on PostgreSQL.
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
