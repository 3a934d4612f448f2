"""Database set-up: Tortoise config from settings, opening, closing and migrating."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from tortoise import fields
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate as tortoise_migrate
from tortoise.migrations.executor import MigrationExecutor

from core.errors import RateLimited
from core.settings import DatabaseSettings

log = logging.getLogger(__name__)


def _store_datetimes_in_utc() -> None:
    """SQLite keeps a datetime as text with the offset it was given and compares text: a Beijing
    time (+08:00) would sort wrongly against UTC values. Every aware datetime is stored in UTC,
    on both backends, so comparisons in queries are right whatever zone the caller used."""
    original = fields.DatetimeField.to_db_value
    if getattr(original, "stores_utc", False):
        return

    def to_db_value(self: fields.DatetimeField, value: Any, instance: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return original(self, value, instance)

    to_db_value.stores_utc = True  # type: ignore[attr-defined]
    fields.DatetimeField.to_db_value = to_db_value  # type: ignore[method-assign]


_store_datetimes_in_utc()

APP_LABEL = "models"
MODEL_MODULES = [
    "models.people",
    "models.audit",
    "models.calendar",
    "models.catalog",
    "models.outbox",
    "models.supervision",
    "models.subscriptions",
    "models.cases",
    "models.tickets",
    "models.booking",
    "models.idempotency",
    "models.reports",
    "models.reviews",
    "models.review_channels",
    "models.sessions",
    "models.catalog_review",
    "models.oversight",
    "models.files",
    "models.routing",
    "models.regions",
    "models.exchange",
    "models.certificates",
    "models.case_lifecycle",
    "models.protection",
]
MIGRATIONS_MODULE = "models.migrations"
# Another process (the worker, a CLI command) may hold SQLite's write lock for a moment:
# wait for it instead of failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 5000


def tortoise_config(database: DatabaseSettings) -> dict[str, Any]:
    return {
        "connections": {"default": _connection_url(database)},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection_url(database: DatabaseSettings) -> str:
    if not database.is_sqlite:
        if "maxsize=" in database.url:
            return database.url
        separator = "&" if "?" in database.url else "?"
        return f"{database.url}{separator}maxsize={database.pool_max_size}"
    if "busy_timeout" in database.url:
        return database.url
    separator = "&" if "?" in database.url else "?"
    return f"{database.url}{separator}busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"


def ensure_sqlite_directory(database: DatabaseSettings) -> None:
    if not database.is_sqlite:
        return
    path = database.url.removeprefix("sqlite://").split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def _keep_session(connection: Any) -> None:
    """Pool release without asyncpg's reset query (advisory unlock, CLOSE ALL, UNLISTEN, RESET
    ALL): one round trip per query, for session state we never set. asyncpg still rolls back a
    transaction left open before calling this."""


# How long a new pooled connection waits, in turns, while PostgreSQL has none left to give.
BUSY_WAITS_SECONDS = (0.05, 0.1, 0.2, 0.4)
BUSY_RETRY_AFTER_SECONDS = 1


async def _connect_or_busy(*args: Any, **kwargs: Any) -> asyncpg.Connection:
    """asyncpg's connect for the pool. "Too many clients" (53300: every connection PostgreSQL
    allows is held, by this pool's peers in other processes) means busy, not down: wait a
    little for one to be given back, then tell the caller to come back (429 with Retry-After)
    instead of the 503 of an outage. Requests beyond the pool's own size queue in the pool."""
    for wait in BUSY_WAITS_SECONDS:
        try:
            return await asyncpg.connect(*args, **kwargs)
        except asyncpg.TooManyConnectionsError:
            await asyncio.sleep(wait)
    try:
        return await asyncpg.connect(*args, **kwargs)
    except asyncpg.TooManyConnectionsError:
        log.warning("PostgreSQL has no connection left for this pool: answering busy")
        raise RateLimited(
            "the service is busy, try again shortly",
            code="busy",
            retry_after=BUSY_RETRY_AFTER_SECONDS,
        ) from None


def _serving_config(database: DatabaseSettings) -> dict[str, Any]:
    config = tortoise_config(database)
    if not database.is_sqlite:
        connection = expand_db_url(config["connections"]["default"])
        connection["credentials"]["reset"] = _keep_session  # passed on to asyncpg.create_pool
        connection["credentials"]["connect"] = _connect_or_busy
        config["connections"]["default"] = connection
    return config


async def open_database(database: DatabaseSettings) -> TortoiseContext:
    """Open the connections for this process; queries from any task use them."""
    ensure_sqlite_directory(database)
    context = TortoiseContext()
    # Global fallback: request handlers run in tasks that do not inherit the start-up context.
    with context:
        await context.init(config=_serving_config(database), _enable_global_fallback=True)
    return context


async def migrate_database(database: DatabaseSettings) -> None:
    """Apply every committed migration not yet applied (idempotent)."""
    ensure_sqlite_directory(database)
    async with TortoiseContext():
        await tortoise_migrate(config=tortoise_config(database))


async def pending_migrations(database: DatabaseSettings) -> list[str]:
    """Names of committed migrations not yet applied to this database."""
    config = tortoise_config(database)
    async with TortoiseContext() as context:
        await context.init(config=config)
        executor = MigrationExecutor(context.db(), config["apps"])
        steps = await executor.plan(None)
    return [f"{step.migration.app_label}.{step.migration.name}" for step in steps]
