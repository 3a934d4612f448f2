"""Shared resources, each opened in a cleanup context and closed after the app stops."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from core.appkeys import (
    CALENDAR,
    CATALOG_SEARCH,
    CATALOG_VERSION,
    HTTP,
    KV,
    MINIPROGRAM,
    PASSWORDS,
    SESSIONS,
    SETTINGS,
)
from core.db import migrate_database, open_database, pending_migrations
from core.kv import open_store
from core.passwords import PasswordPool
from core.recent_sessions import RecentSessions
from core.sessions import SessionStore
from core.wechat import MiniProgramClient
from miniapp_api.answer_cache import CATALOG_ANSWERS, AnswerCache
from workflows.calendar_service import CalendarService
from workflows.catalog.cache import CatalogVersion
from workflows.catalog.search_service import CatalogSearch
from workflows.protection.keys import check_canaries, install_keys
from workflows.session_record import DatabaseSessionRecord

log = logging.getLogger(__name__)


class SchemaOutOfDate(RuntimeError):
    """The database lacks committed migrations; starting would serve errors."""


async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS].database
    # No keys (outside the demo and the tests), or keys that do not open the data: no start.
    ring = install_keys(app[SETTINGS].protection)
    if settings.is_sqlite:
        # The embedded default creates and migrates its own database.
        await migrate_database(settings)
    else:
        pending = await pending_migrations(settings)
        if pending:
            raise SchemaOutOfDate(
                f"the database needs migrations {', '.join(pending)}: "
                "run `python -m miniapp_api migrate` first"
            )
    context = await open_database(settings)
    await check_canaries(ring)
    yield
    await context.close_connections()


async def kv_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    store = open_store(settings.redis.url, settings.redis.prefix)
    if settings.redis.url:
        await store.ping()
    else:
        log.info("no Redis configured: sessions and rate limits are kept in this process")
    app[KV] = store
    app[SESSIONS] = SessionStore(
        store,
        {
            "citizen": settings.auth.citizen_session_ttl_seconds,
            "staff": settings.auth.staff_session_ttl_seconds,
        },
        DatabaseSessionRecord(),
        RecentSessions(store, keep) if (keep := settings.auth.session_keep_seconds) else None,
    )
    yield
    await store.close()


async def passwords_ctx(app: web.Application) -> AsyncIterator[None]:
    pool = PasswordPool(app[SETTINGS].auth.password_threads)
    await pool.prepare()
    app[PASSWORDS] = pool
    yield
    pool.close()


async def http_ctx(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[HTTP] = session
        app[MINIPROGRAM] = MiniProgramClient(session, app[SETTINGS].wechat)
        yield


async def calendar_ctx(app: web.Application) -> AsyncIterator[None]:
    service = CalendarService(app[SETTINGS].calendar)
    await service.reload()
    app[CALENDAR] = service
    yield


async def search_ctx(app: web.Application) -> AsyncIterator[None]:
    # Loads the segmentation dictionary now, so the first search does not wait for it.
    search = CatalogSearch(app[SETTINGS].catalog.search_refresh_seconds)
    await search.start()
    app[CATALOG_SEARCH] = search
    yield


async def catalog_cache_ctx(app: web.Application) -> AsyncIterator[None]:
    # A catalog change seen by this process drops its kept answers and rechecks its search index.
    version = CatalogVersion(app[KV])
    version.on_change(app[CATALOG_SEARCH].invalidate)
    app[CATALOG_VERSION] = version
    app[CATALOG_ANSWERS] = AnswerCache(version)
    yield
